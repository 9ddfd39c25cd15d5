using Ocpi.Emsp.Tests.Infrastructure;

namespace Ocpi.Emsp.Tests.Billing;

public sealed class BillingFixture : EmspFixture;
