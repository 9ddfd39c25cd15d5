using Ocpi.Emsp.Tests.Infrastructure;

namespace Ocpi.Emsp.Tests.Sessions;

public sealed class SessionsFixture : EmspFixture;
