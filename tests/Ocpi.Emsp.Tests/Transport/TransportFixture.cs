using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Ocpi.Emsp.Ocpi;
using Ocpi.Emsp.Tests.Infrastructure;

namespace Ocpi.Emsp.Tests.Transport;

/// <summary>
/// The eMSP plus one probe endpoint group behind the same filter chain every functional module uses
/// (<see cref="OcpiEndpointRouteBuilderExtensions.WithOcpiFilters"/>), so transport rules can be tested on their own.
/// </summary>
public sealed class TransportFixture : EmspFixture
{
    public const string ProbeUrl = PublicUrl + "/ocpi/2.3.0/probe";

    protected override void Configure(IWebHostBuilder builder) =>
        builder.ConfigureServices(services => services.AddTransient<IStartupFilter, ProbeModule>());

    private sealed class ProbeModule : IStartupFilter
    {
        public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
        {
            next(app);
            app.UseRouting();
            app.UseEndpoints(routes =>
            {
                var probe = routes.MapGroup("/ocpi/2.3.0/probe").WithOcpiFilters("probe");
                probe.MapGet("", (HttpContext http) =>
                {
                    if (!OcpiPaging.TryParse(http, 10, out var page, out var failure)) return failure!;
                    var items = Enumerable.Range(0, 25).Skip(page.Offset).Take(page.Limit).ToList();
                    return OcpiPaging.Page(http, ProbeUrl, page, 25, 10, items);
                });
                probe.MapGet("/routing", (HttpContext http) => OcpiResults.Ok(new
                {
                    from = http.Routing().From?.ToString(),
                    to = http.Routing().To.ToString(),
                }));
                probe.MapGet("/fault", string () => throw new InvalidOperationException("secret internals at Probe.cs:42"));
            });
        };
    }
}
