using Ocpi.Emsp.Tests.Infrastructure;

namespace Ocpi.Emsp.Tests.Cdrs;

public sealed class CdrsFixture : EmspFixture;
