using Microsoft.Playwright;
using Ocpi.Emsp.Tests.Billing.Dashboard;

namespace Ocpi.Emsp.Tests.Hosting.ApiPage;

/// <summary>
/// The API page in Debian's Chromium, on the Kestrel-hosted service and browser of the billing dashboard's tests (one
/// service, one browser for both pages). Everything the page loads comes from the service itself: it must work offline.
/// </summary>
[Collection(DashboardCollection.Name)]
public sealed class ApiPageInBrowserTests(DashboardFixture service)
{
    [Theory]
    [InlineData("/api/docs/", "Create or replace a token (full OCPI 2.3.0 Token object)")]   // internal document (the default)
    [InlineData("/api/docs/ocpi", "The OCPI versions we support")]
    public async Task the_api_page_lists_the_operations_of_the_document_and_loads_nothing_from_elsewhere(string path, string operation)
    {
        var (context, page, requests) = await service.NewPageAsync();
        await using var _ = context;
        var failed = new List<string>();
        page.RequestFailed += (_, request) =>
        {
            lock (failed) failed.Add($"{request.Method} {request.Url}: {request.Failure}");
        };
        page.Response += (_, response) =>
        {
            if (response.Status >= 400) lock (failed) failed.Add($"{response.Request.Method} {response.Url}: HTTP {response.Status}");
        };

        await page.GotoAsync(service.BaseUrl + path);
        // The sidebar lists each operation by its summary (the first tag's group is open).
        await Assertions.Expect(page.GetByRole(AriaRole.Link, new() { Name = operation }).First).ToBeVisibleAsync(new() { Timeout = 90_000 });
        await page.WaitForLoadStateAsync(LoadState.NetworkIdle);

        lock (failed) failed.ShouldBeEmpty(string.Join('\n', failed));
        lock (requests)
        {
            requests.ShouldContain(r => r.EndsWith(".json", StringComparison.Ordinal) && r.Contains("/openapi/"));
            requests.Where(r => !r.StartsWith(service.BaseUrl + "/", StringComparison.Ordinal) && !r.StartsWith("data:", StringComparison.Ordinal))
                .ShouldBeEmpty("the page must load nothing from another origin (a CDN, fonts, telemetry)");
        }
    }
}
