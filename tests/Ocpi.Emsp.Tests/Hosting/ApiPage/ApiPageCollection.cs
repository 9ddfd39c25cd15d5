using Ocpi.Emsp.Tests.Infrastructure;

namespace Ocpi.Emsp.Tests.Hosting.ApiPage;

/// <summary>One in-memory host for the documents and the front door (they only read what the host describes).</summary>
[CollectionDefinition(Name)]
public sealed class ApiPageCollection : ICollectionFixture<EmspFixture>
{
    public const string Name = "API page and front door";
}
