using Ocpi.Emsp.Tests.Infrastructure;

namespace Ocpi.Emsp.Tests.Credentials;

public sealed class CredentialsFixture : EmspFixture;
