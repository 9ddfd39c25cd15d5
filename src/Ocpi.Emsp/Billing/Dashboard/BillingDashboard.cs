namespace Ocpi.Emsp.Billing.Dashboard;

/// <summary>
/// The billing team's page at /billing: totals per CPO per month, failed cost checks and reconciliation findings. The
/// page itself holds no data and needs no key: its script reads the X-Api-Key protected /api/billing endpoints with a
/// key the user types (kept in the tab's sessionStorage, sent only as the header). Its files ship inside the assembly,
/// so `dotnet run`, a published folder, a container and the test host serve the same bytes whatever the content root,
/// and nothing is loaded from another origin (the service must work offline).
/// </summary>
public static class BillingDashboard
{
    public const string Path = "/billing";

    public static void MapBillingDashboard(this IEndpointRouteBuilder routes)
    {
        var assets = DashboardAssets.Load(typeof(BillingDashboard).Assembly);
        // Routing treats "/billing" and "/billing/" alike; the page's URLs are relative (behind a proxy's path prefix
        // too), so it must be read from "/billing/": the bare path redirects there, relative to itself.
        routes.MapGet(Path, (HttpContext context) => context.Request.Path.Value!.EndsWith('/')
                ? assets.Serve(context, "index.html")
                : Results.Redirect("billing/"))
            .ExcludeFromDescription();
        routes.MapGet(Path + "/{file}", (string file, HttpContext context) => assets.Serve(context, file))
            .ExcludeFromDescription();
    }
}
