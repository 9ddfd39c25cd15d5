using Ocpi.Emsp.Tests.Infrastructure;

namespace Ocpi.Emsp.Tests.Tariffs;

public sealed class TariffsFixture : EmspFixture;
