using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Playwright;
using Ocpi.Emsp.Billing.CostChecks;

namespace Ocpi.Emsp.Tests.Billing.Dashboard;

/// <summary>
/// The billing dashboard in Debian's Chromium: what a billing user sees after entering the key, and that nothing is
/// shown without it. Set BILLING_DASHBOARD_SCREENSHOT to a file path to keep a screenshot of the loaded page.
/// </summary>
[Collection(DashboardCollection.Name)]
public sealed class BillingDashboardTests(DashboardFixture service)
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);
    private DashboardSeed Seed => service.Seed;

    [Fact]
    public async Task with_the_key_the_page_charts_totals_per_cpo_and_month_per_currency_and_lists_failed_cost_checks_with_their_differences()
    {
        var (context, page, requests) = await service.NewPageAsync();
        await using var _ = context;

        await page.GotoAsync(service.BaseUrl + "/billing");
        await page.GetByLabel("X-Api-Key").FillAsync(DashboardFixture.ApiKey);
        await page.GetByRole(AriaRole.Button, new() { Name = "Show billing data" }).ClickAsync();
        await LoadedAsync(page);

        // One chart per currency; per CPO a dataset of after-taxes totals per month (hand-worked in DashboardSeed).
        var eur = await ChartAsync(page, "EUR");
        eur.Labels.ShouldBe(["2026-10", "2026-11"]);
        eur.Datasets[Seed.A].ShouldBe([2.42m, 8.47m]);   // 2.42 | 4.84 + 3.63
        eur.Datasets[Seed.B].ShouldBe([1.21m, 0m]);
        var cad = await ChartAsync(page, "CAD");
        cad.Labels.ShouldBe(["2026-11"]);
        cad.Datasets.Keys.ShouldBe([Seed.B]);
        cad.Datasets[Seed.B].ShouldBe([4.20m]);          // 2.10 + 2.10
        await ChartPaintedAsync(page, "chart-EUR");
        await ChartPaintedAsync(page, "chart-CAD");

        // The same numbers as the totals API gives (the chart is its picture, nothing computed in the page).
        var totals = await service.Api.GetFromJsonAsync<JsonElement>("/api/billing/totals?group_by=cpo");
        foreach (var item in totals.GetProperty("items").EnumerateArray().Where(i => i.GetProperty("key").GetString() is { } k && (k == Seed.A || k == Seed.B)))
        {
            var chart = item.GetProperty("currency").GetString() == "EUR" ? eur : cad;
            var month = chart.Labels.IndexOf(item.GetProperty("month").GetString()!);
            chart.Datasets[item.GetProperty("key").GetString()!][month].ShouldBe(item.GetProperty("after_taxes").GetDecimal());
        }

        // The failed cost checks, newest end first: verdict, CPO, CDR, end, currency, stated, computed, difference (before
        // taxes), the difference of each dimension, the reason. The CDRs' own tariffs give the same figures, so the rows do
        // not depend on whether the cost check found them or DashboardSeed appended them.
        var rows = await RowsAsync(page, "#failed-table");
        rows.Count.ShouldBe(3);
        rows[0][..8].ShouldBe(["UNPRICEABLE", Seed.A, "DASH-A-3", "2026-11-20 07:45:00", "EUR", "3.00", "—", "—"]);
        rows[0][9].ShouldNotBe("—");                     // UNPRICEABLE says why
        rows[1][..8].ShouldBe(["UNDERCHARGED", Seed.B, "DASH-B-1", "2026-11-05 09:00:00", "CAD", "2.00", "3.00", "-1.00"]);
        rows[1][8].Split('\n').ShouldContain("TIME -1.00 (stated 2.00, computed 3.00)");
        rows[2][..8].ShouldBe(["OVERCHARGED", Seed.A, "DASH-A-2", "2026-11-03 18:30:00", "EUR", "4.00", "2.50", "+1.50"]);
        rows[2][8].Split('\n').ShouldContain("ENERGY +1.50 (stated 4.00, computed 2.50)");
        foreach (var line in await FailedLinesAsync())
        {
            var shown = rows.Single(r => r[2] == line.GetProperty("cdr_id").GetString());
            shown[0].ShouldBe(line.GetProperty("verdict").GetString());
            var dimensions = line.GetProperty("cost_check").GetProperty("dimensions").EnumerateArray().ToList();
            shown[8].Split('\n', StringSplitOptions.RemoveEmptyEntries).Length.ShouldBe(Math.Max(1, dimensions.Count));
        }
        (await page.Locator("#failed-summary").InnerTextAsync())
            .ShouldBe("3 CDR(s) with a failed cost check (OVERCHARGED 1, UNDERCHARGED 1, UNPRICEABLE 1).");

        // Reconciliation findings: one row per finding, a record without any says so; the same as the API reports.
        var findings = await RowsAsync(page, "#reconciliation-table");
        var direct = findings.Where(r => r[1] == DashboardSeed.DirectRecordId).ToList();
        direct.ShouldAllBe(r => r[0] == Seed.A && r[2] == DashboardSeed.DirectInvoiceId && r[3] == "DIRECT"
                                && r[7] == "4.84 EUR (1 CDR)");   // DASH-A-2 counted once: 4.00 + 0.84
        direct.Select(r => $"{r[4]} {r[5]}").Order().ShouldBe(["LISTED_TWICE DASH-A-2", "NOT_LISTED DASH-A-3", "UNKNOWN_CDR DASH-A-404"]);
        var reverse = findings.Single(r => r[1] == Seed.ReverseRecordId);
        reverse.ShouldBe([Seed.B, Seed.ReverseRecordId, DashboardSeed.ReverseInvoiceId, "REVERSE", "none", "—",
            "Every CDR matches our billing lines.", "4.20 CAD (2 CDRs)"]);
        findings.Count.ShouldBe(4);
        var reports = await service.Api.GetFromJsonAsync<JsonElement>("/api/billing/reconciliation");
        foreach (var finding in reports.GetProperty("items").EnumerateArray().SelectMany(r => r.GetProperty("findings").EnumerateArray()))
            direct.ShouldContain(r => r[4] == finding.GetProperty("kind").GetString() && r[5] == finding.GetProperty("cdr_id").GetString()
                                      && r[6] == finding.GetProperty("detail").GetString());
        (await page.Locator("#reconciliation-summary").InnerTextAsync()).ShouldBe("2 record(s), 3 finding(s).");

        // The key went only into a header: never into the address, and every request stayed on the service's origin.
        page.Url.ShouldBe(service.BaseUrl + "/billing/");
        lock (requests)
        {
            requests.ShouldAllBe(url => url.StartsWith(service.BaseUrl + "/", StringComparison.Ordinal));
            requests.ShouldNotContain(url => url.Contains(DashboardFixture.ApiKey));
            requests.ShouldContain(service.BaseUrl + "/billing/chart.umd.min.js");
        }

        if (Environment.GetEnvironmentVariable("BILLING_DASHBOARD_SCREENSHOT") is { Length: > 0 } screenshot)
            await page.ScreenshotAsync(new PageScreenshotOptions { Path = screenshot, FullPage = true });

        // The key lives for the tab (sessionStorage): a reload shows the data again without asking.
        await page.ReloadAsync();
        await LoadedAsync(page);
        (await RowsAsync(page, "#failed-table")).Count.ShouldBe(3);

        // "Forget key" takes the data off the page and the key out of the tab.
        await page.GetByRole(AriaRole.Button, new() { Name = "Forget key" }).ClickAsync();
        (await page.GetAttributeAsync("body", "data-state")).ShouldBe("no-key");
        await ShowsNoDataAsync(page);
        (await page.EvaluateAsync<int>("() => sessionStorage.length")).ShouldBe(0);
    }

    [Fact]
    public async Task without_a_key_the_page_shows_no_billing_data_and_a_wrong_key_is_refused_with_a_clear_message()
    {
        var (context, page, requests) = await service.NewPageAsync();
        await using var _ = context;

        await page.GotoAsync(service.BaseUrl + "/billing");
        await page.WaitForLoadStateAsync(LoadState.NetworkIdle);

        (await page.GetAttributeAsync("body", "data-state")).ShouldBe("no-key");
        (await page.Locator("#status").InnerTextAsync()).ShouldBe("Enter the internal API key to see billing data.");
        await ShowsNoDataAsync(page);
        lock (requests) requests.ShouldNotContain(url => url.Contains("/api/"));

        await page.GetByLabel("X-Api-Key").FillAsync("not-the-key");
        await page.GetByRole(AriaRole.Button, new() { Name = "Show billing data" }).ClickAsync();
        await page.WaitForSelectorAsync("body[data-state=refused]", new() { Timeout = (float)Patience.TotalMilliseconds });

        var alert = page.GetByRole(AriaRole.Alert);
        (await alert.IsVisibleAsync()).ShouldBeTrue();
        (await alert.InnerTextAsync()).ShouldContain("refused this key (HTTP 401)");
        await ShowsNoDataAsync(page);
        (await page.EvaluateAsync<int>("() => sessionStorage.length")).ShouldBe(0);
    }

    [Fact]
    public async Task the_page_and_its_chart_library_are_served_by_the_service_itself_without_a_key()
    {
        using var http = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false }) { BaseAddress = new Uri(service.BaseUrl) };

        var bare = await http.GetAsync("/billing");
        bare.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        new Uri(new Uri(service.BaseUrl + "/billing"), bare.Headers.Location!).AbsolutePath.ShouldBe("/billing/");

        var page = await http.GetAsync("/billing/");
        page.StatusCode.ShouldBe(HttpStatusCode.OK);
        page.Content.Headers.ContentType!.MediaType.ShouldBe("text/html");
        page.Headers.GetValues("Content-Security-Policy").Single().ShouldContain("script-src 'self'");
        var html = await page.Content.ReadAsStringAsync();
        html.ShouldContain("<script src=\"chart.umd.min.js\"");
        html.ShouldNotContain("http://");
        html.ShouldNotContain("https://");

        var library = await http.GetAsync("/billing/chart.umd.min.js");
        library.StatusCode.ShouldBe(HttpStatusCode.OK);
        (await library.Content.ReadAsStringAsync()).ShouldStartWith("/*!\n * Chart.js v4.6.2");
        (await http.GetAsync("/billing/chart.js.LICENSE.md")).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await http.GetAsync("/billing/missing.js")).StatusCode.ShouldBe(HttpStatusCode.NotFound);

        // Revalidation: the same bytes answer 304 to their ETag.
        using var again = new HttpRequestMessage(HttpMethod.Get, "/billing/dashboard.js");
        again.Headers.IfNoneMatch.Add((await http.GetAsync("/billing/dashboard.js")).Headers.ETag!);
        (await http.SendAsync(again)).StatusCode.ShouldBe(HttpStatusCode.NotModified);
    }

    private async Task<List<JsonElement>> FailedLinesAsync()
    {
        var lines = new List<JsonElement>();
        foreach (var verdict in new[] { CostCheckVerdict.Overcharged, CostCheckVerdict.Undercharged, CostCheckVerdict.Unpriceable })
        {
            var page = await service.Api.GetFromJsonAsync<JsonElement>($"/api/billing/lines?verdict={verdict}&limit=500");
            lines.AddRange(page.GetProperty("items").EnumerateArray());
        }
        return lines;
    }

    private async Task LoadedAsync(IPage page)
    {
        await page.WaitForSelectorAsync("body[data-state=loaded], body[data-state=partial], body[data-state=refused], body[data-state=failed]",
            new() { Timeout = (float)Patience.TotalMilliseconds });
        var state = await page.GetAttributeAsync("body", "data-state");
        if (state != "loaded") throw new InvalidOperationException($"The page ended in state {state}: {await page.Locator("#error").InnerTextAsync()}");
    }

    private static async Task ShowsNoDataAsync(IPage page)
    {
        (await page.Locator("canvas").CountAsync()).ShouldBe(0);
        (await page.Locator("#totals").InnerTextAsync()).ShouldBeEmpty();
        (await page.Locator("#failed-table tbody tr").CountAsync()).ShouldBe(0);
        (await page.Locator("#reconciliation-table tbody tr").CountAsync()).ShouldBe(0);
        (await page.EvaluateAsync<int>("() => Object.keys(Chart.instances).length")).ShouldBe(0);
    }

    private sealed record ChartData(List<string> Labels, Dictionary<string, decimal[]> Datasets);

    /// <summary>What the Chart.js instance on the currency's canvas holds.</summary>
    private static async Task<ChartData> ChartAsync(IPage page, string currency)
    {
        var json = await page.EvaluateAsync<JsonElement>(
            "id => { const c = Chart.getChart(id); return c ? { labels: c.data.labels, datasets: c.data.datasets.map(d => ({ label: d.label, data: d.data })) } : null; }",
            $"chart-{currency}");
        json.ValueKind.ShouldBe(JsonValueKind.Object, $"no chart for {currency}");
        return new ChartData(
            json.GetProperty("labels").EnumerateArray().Select(l => l.GetString()!).ToList(),
            json.GetProperty("datasets").EnumerateArray().ToDictionary(
                d => d.GetProperty("label").GetString()!,
                d => d.GetProperty("data").EnumerateArray().Select(v => Math.Round(v.GetDecimal(), 4)).ToArray()));
    }

    /// <summary>
    /// Waits (bounded) until the canvas has at least 500 non-transparent pixels: the chart was drawn, not only configured
    /// (bars, axes and labels of these charts paint tens of thousands).
    /// </summary>
    private static Task ChartPaintedAsync(IPage page, string canvasId) => page.WaitForFunctionAsync(
        """
        id => {
          const canvas = document.getElementById(id);
          if (!canvas || canvas.width === 0 || canvas.height === 0) return false;
          const pixels = canvas.getContext("2d").getImageData(0, 0, canvas.width, canvas.height).data;
          let painted = 0;
          for (let i = 3; i < pixels.length; i += 4) if (pixels[i] !== 0) painted++;
          return painted > 500;
        }
        """, canvasId, new PageWaitForFunctionOptions { Timeout = (float)Patience.TotalMilliseconds });

    private static async Task<List<string[]>> RowsAsync(IPage page, string table)
    {
        var rows = await page.EvaluateAsync<string[][]>(
            "t => [...document.querySelectorAll(t + ' tbody tr')].map(r => [...r.cells].map(c => c.innerText.trim()))", table);
        return rows.ToList();
    }
}
