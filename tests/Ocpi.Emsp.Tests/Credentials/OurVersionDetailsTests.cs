using System.Text.Json;
using Ocpi.Emsp.Tests.Infrastructure;
using Ocpi.Protocol.Versions;

namespace Ocpi.Emsp.Tests.Credentials;

/// <summary>Our 2.3.0 version details as a partner reads them.</summary>
public sealed class OurVersionDetailsTests(EmspFixture emsp) : IClassFixture<EmspFixture>
{
    [Fact]
    public async Task credentials_are_listed_under_both_roles_on_one_url_and_the_details_pass_our_own_validation()
    {
        var (cpo, _) = await emsp.RegisteredCpoAsync();

        var details = await cpo.CallEmspAsync(HttpMethod.Get, EmspFixture.PublicUrl + "/ocpi/2.3.0", cpo.TokenForEmsp);

        details.StatusCode.ShouldBe(1000);
        var validation = VersionSchemas.VersionDetails.Validate(details.Data);
        validation.IsValid.ShouldBeTrue(validation.Describe());
        var endpoints = details.Data.GetProperty("endpoints").EnumerateArray().ToList();
        var credentials = endpoints.Where(e => e.GetProperty("identifier").GetString() == ModuleId.Credentials).ToList();
        credentials.Select(e => e.GetProperty("role").GetString()).ShouldBe(["SENDER", "RECEIVER"], ignoreOrder: true);
        credentials.Select(e => e.GetProperty("url").GetString()).Distinct()
            .ShouldBe([EmspFixture.PublicUrl + "/ocpi/2.3.0/credentials"]);
        // Every (identifier, role) pair appears once.
        endpoints.Select(Pair).Distinct().Count().ShouldBe(endpoints.Count);
    }

    private static string Pair(JsonElement e) => $"{e.GetProperty("identifier").GetString()} {e.GetProperty("role").GetString()}";
}
