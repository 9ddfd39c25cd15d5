using System.Reflection;
using System.Text.RegularExpressions;
using Ocpi.Emsp.Benchmarks;
using Ocpi.Emsp.Hosting;
using Ocpi.Emsp.Hosting.EmbeddedPostgres;
using Shouldly;
using Xunit;

namespace Ocpi.Emsp.Tests.Hosting;

/// <summary>
/// The configuration tables operators read: they render as tables (a blank line or a short row breaks a Markdown table),
/// and together they name every setting the service reads, and no setting it does not read.
/// </summary>
public sealed partial class ReadmeConfigurationTests
{
    private static readonly string Root = BenchEnvironment.FindRepositoryRoot() ?? throw new InvalidOperationException("Ocpi.Emsp.sln not found above the test");
    private static readonly string[] Readmes = ["README.md", "src/Ocpi.Emsp/README.md"];

    [Theory]
    [InlineData("README.md")]
    [InlineData("src/Ocpi.Emsp/README.md")]
    [InlineData("src/Ocpi.Protocol/README.md")]
    [InlineData("deploy/README.md")]
    [InlineData("tests/Ocpi.Emsp.Benchmarks/README.md")]
    public void every_table_renders_a_header_a_separator_and_rows_of_the_same_width(string readme)
    {
        var lines = File.ReadAllLines(Path.Combine(Root, readme));
        var inCode = false;
        for (var i = 0; i < lines.Length; i++)
        {
            if (lines[i].TrimStart().StartsWith("```", StringComparison.Ordinal)) inCode = !inCode;
            if (inCode || !IsRow(lines[i]) || (i > 0 && IsRow(lines[i - 1]))) continue;

            // The first row of a block is a header: a separator must follow, and every row has the header's width.
            var width = Cells(lines[i]);
            (i + 1 < lines.Length && SeparatorRow().IsMatch(lines[i + 1])).ShouldBeTrue($"{readme}:{i + 1}: a table row without a separator row under it renders as text");
            for (var j = i + 1; j < lines.Length && IsRow(lines[j]); j++)
            {
                Cells(lines[j]).ShouldBe(width, $"{readme}:{j + 1} has {Cells(lines[j])} cells, its table {width}");
            }
        }
    }

    [Fact]
    public void every_setting_the_service_reads_is_in_a_configuration_table()
    {
        var documented = DocumentedText();
        var missing = SettingsTheServiceReads().Where(key => !IsDocumented(key, documented)).ToList();
        missing.ShouldBeEmpty("settings missing from the configuration tables of README.md and src/Ocpi.Emsp/README.md");
    }

    [Fact]
    public void every_emsp_setting_in_the_tables_is_read_by_the_service()
    {
        var known = SettingsTheServiceReads().ToHashSet(StringComparer.Ordinal);
        var sections = known.Select(k => k[..k.LastIndexOf(':')]).ToHashSet(StringComparer.Ordinal);
        var stale = Readmes
            .SelectMany(r => File.ReadAllLines(Path.Combine(Root, r)))
            .Where(IsRow)
            .SelectMany(row => FirstCellKeys().Matches(row.Split('|')[1]).Select(m => m.Groups[1].Value))
            .Where(key => !known.Contains(key) && !sections.Contains(key))
            .Distinct()
            .ToList();
        stale.ShouldBeEmpty("keys in a configuration table that nothing reads");
    }

    /// <summary>
    /// Keys under <c>Emsp:</c>: the settable properties of every options class bound to a section, and every key the code
    /// names in full.
    /// </summary>
    private static IEnumerable<string> SettingsTheServiceReads()
    {
        var assembly = typeof(EmspOptions).Assembly;
        var keys = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var type in assembly.GetTypes())
        {
            var section = SectionOf(type);
            if (section is null) continue;
            foreach (var property in type.GetProperties(BindingFlags.Public | BindingFlags.Instance).Where(p => p.SetMethod?.IsPublic == true))
            {
                keys.Add($"{section}:{property.Name}");
            }
        }

        foreach (var file in Directory.EnumerateFiles(Path.Combine(Root, "src/Ocpi.Emsp"), "*.cs", SearchOption.AllDirectories))
        {
            if (file.Contains("/obj/", StringComparison.Ordinal) || file.Contains("/bin/", StringComparison.Ordinal)) continue;
            foreach (Match match in KeyLiteral().Matches(File.ReadAllText(file))) keys.Add(match.Groups[1].Value);
        }

        var sectionNames = assembly.GetTypes().Select(SectionOf).OfType<string>().ToHashSet(StringComparer.Ordinal);
        return keys.Where(k => !sectionNames.Contains(k));
    }

    private static string? SectionOf(Type type)
    {
        if (type == typeof(EmbeddedPostgresOptions)) return EmbeddedPostgresHostingExtensions.ConfigurationSection;
        return type.GetField("Section", BindingFlags.Public | BindingFlags.Static) is { IsLiteral: true } field
               && field.GetRawConstantValue() is string value && value.StartsWith("Emsp", StringComparison.Ordinal)
            ? value
            : null;
    }

    private static string DocumentedText() =>
        string.Join('\n', Readmes.SelectMany(r => File.ReadAllLines(Path.Combine(Root, r))).Where(IsRow));

    /// <summary>A key is documented in full (<c>Emsp:Pull:PageSize</c>) or as a leaf in a row naming its section (<c>Emsp:Pull:Interval</c> / <c>PageSize</c>).</summary>
    private static bool IsDocumented(string key, string rows)
    {
        if (rows.Contains($"`{key}`", StringComparison.Ordinal)) return true;
        var section = key[..key.LastIndexOf(':')];
        var leaf = key[(key.LastIndexOf(':') + 1)..];
        return rows.Split('\n').Any(row => row.Contains($"`{section}:", StringComparison.Ordinal) && row.Split('|')[1].Contains($"`{leaf}`", StringComparison.Ordinal));
    }

    private static bool IsRow(string line) => line.StartsWith('|');

    private static int Cells(string row) => CellBorder().Matches(row).Count - 1;

    [GeneratedRegex(@"(?<!\\)\|")]
    private static partial Regex CellBorder();

    [GeneratedRegex(@"^\|(\s*:?-+:?\s*\|)+\s*$")]
    private static partial Regex SeparatorRow();

    [GeneratedRegex(@"""(Emsp:[A-Za-z]+(?::[A-Za-z]+)+)""")]
    private static partial Regex KeyLiteral();

    [GeneratedRegex(@"`(Emsp:[A-Za-z:]+)`")]
    private static partial Regex FirstCellKeys();
}
