using Ocpi.Emsp.Tests.Infrastructure;

namespace Ocpi.Emsp.Tests.Locations;

public sealed class LocationsFixture : EmspFixture;
