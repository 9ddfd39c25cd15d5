using Microsoft.Extensions.Options;
using Ocpi.Emsp.Hosting;
using Ocpi.Emsp.Ocpi;
using Ocpi.Protocol.Credentials;
using CredentialsObject = Ocpi.Protocol.Credentials.Credentials;

namespace Ocpi.Emsp.Credentials;

/// <summary>Our side of the Credentials object: our versions URL and our role, with the token a partner must use.</summary>
public sealed class OurCredentials(IOptions<EmspOptions> options, OcpiEndpointCatalog catalog)
{
    public IReadOnlyList<CredentialsRole> Roles
    {
        get
        {
            var o = options.Value;
            return [new CredentialsRole(Role.EMSP, new BusinessDetails(o.Name, o.Website), o.PartyId, o.CountryCode)];
        }
    }

    public CredentialsObject For(string tokenForPartner) => new(tokenForPartner, catalog.VersionsUrl, Roles);
}
