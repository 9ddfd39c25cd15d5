using Ocpi.Emsp.Tests.Infrastructure;

namespace Ocpi.Emsp.Tests.Partners;

public sealed class PartnersFixture : EmspFixture;
