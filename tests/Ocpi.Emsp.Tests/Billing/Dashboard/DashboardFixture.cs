using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Marten;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using Ocpi.Emsp.Benchmarks;
using Ocpi.Emsp.Tests.Infrastructure;

namespace Ocpi.Emsp.Tests.Billing.Dashboard;

[CollectionDefinition(Name)]
public sealed class DashboardCollection : ICollectionFixture<DashboardFixture>
{
    public const string Name = "Billing dashboard in a browser";
}

/// <summary>
/// The service on real Kestrel (a browser cannot reach an in-memory test server) on a fresh database, CPOs that push to
/// it over loopback HTTP, and Debian's Chromium driven by Playwright. Playwright's own browser download is never used:
/// the browser is the distribution's package, found at <see cref="ChromiumPath"/> (.ci/run installs it).
/// </summary>
public sealed class DashboardFixture : IAsyncLifetime
{
    public const string ApiKey = "billing-dashboard-test-key-0123456789";
    public static string ChromiumPath => Environment.GetEnvironmentVariable("CHROMIUM_PATH") is { Length: > 0 } path ? path : "/usr/bin/chromium";

    private KestrelService? _service;
    private IPlaywright? _playwright;
    private readonly List<CpoSimulator.CpoSimulator> _cpos = [];

    public string BaseUrl { get; private set; } = "";
    public IDocumentStore Store => _service!.Services.GetRequiredService<IDocumentStore>();
    public IBrowser Browser { get; private set; } = null!;
    public HttpClient Api => _service!.Api;
    public DashboardSeed Seed { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        if (!File.Exists(ChromiumPath))
            throw new InvalidOperationException($"No Chromium at {ChromiumPath}: install Debian's `chromium` package (.ci/run does) or set CHROMIUM_PATH");
        _service = await KestrelService.StartAsync("BillingDashboard", ApiKey);
        BaseUrl = _service.BaseUrl;

        Seed = await DashboardSeed.PushAsync(this);

        _playwright = await Playwright.CreateAsync();
        Browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = ChromiumPath,
            Headless = true,
            // We run as root in CI, where Chromium's sandbox cannot start.
            Args = ["--no-sandbox"],
        });
    }

    /// <summary>A CPO on Kestrel, registered with the service through the credentials handshake over real HTTP.</summary>
    public async Task<CpoSimulator.CpoSimulator> RegisteredCpoAsync()
    {
        var cpo = await CpoSimulator.CpoSimulator.StartAsync(new CpoSimulator.CpoSimulatorOptions { Party = EmspFixture.NextParty() });
        _cpos.Add(cpo);
        var invitation = await Api.PostAsJsonAsync("/api/partners/invitations", new { label = "dashboard" });
        invitation.EnsureSuccessStatusCode();
        var tokenA = (await invitation.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("token_a").GetString()!;
        var result = await cpo.RegisterWithAsync($"{BaseUrl}/ocpi/versions", tokenA);
        if (result.StatusCode != 1000) throw new InvalidOperationException($"Registration failed: {result.StatusMessage}");
        return cpo;
    }

    /// <summary>A fresh browser context (its own sessionStorage) and page, with every request it makes recorded.</summary>
    public async Task<(IBrowserContext Context, IPage Page, List<string> Requests)> NewPageAsync()
    {
        var context = await Browser.NewContextAsync(new BrowserNewContextOptions
        {
            ViewportSize = new ViewportSize { Width = 1280, Height = 900 },
            Locale = "en-GB",
            TimezoneId = "UTC",
        });
        // Generous: two cores shared with PostgreSQL, the service and other test collections.
        context.SetDefaultTimeout(90_000);
        context.SetDefaultNavigationTimeout(90_000);
        var page = await context.NewPageAsync();
        var requests = new List<string>();
        page.Request += (_, request) =>
        {
            lock (requests) requests.Add(request.Url);
        };
        return (context, page, requests);
    }

    public async Task DisposeAsync()
    {
        if (_playwright is not null)
        {
            if (Browser is not null) await Browser.DisposeAsync();
            _playwright.Dispose();
        }
        foreach (var cpo in _cpos) await cpo.DisposeAsync();
        if (_service is not null) await _service.DisposeAsync();
    }
}
