using System.Text.Json.Nodes;
using Ocpi.Protocol.InvoiceReconciliation;
using Ocpi.Protocol.Validation;
using static Ocpi.Protocol.Tests.SchemaCheck;

namespace Ocpi.Protocol.Tests.InvoiceReconciliation;

/// <summary>
/// The InvoiceReconciliationRecord table of mod_invoice_reconciliation.asciidoc (2.3.0/release/core, ed2). The module
/// has no example files: the base document is the direct-billing flow's record, written with the table's list of strings.
/// </summary>
public sealed class InvoiceReconciliationSchemaTests
{
    private static readonly ObjectSchema Record = InvoiceReconciliationSchemas.Record;

    private static JsonNode Valid => JsonNode.Parse("""
        {"country_code": "NL", "party_id": "TNM", "id": "IR-2023-03", "invoice_id": "INV202303",
         "cdrs": ["1", "2", "3"], "last_updated": "2023-04-01T09:00:00Z"}
        """)!;

    [Fact]
    public void record_matches_its_field_table()
    {
        Record.Name.ShouldBe("InvoiceReconciliationRecord");
        FieldTable(Record).ShouldBe([
            "country_code 1 CiString(2)",
            "party_id 1 CiString(3)",
            "id 1 CiString(36)",
            "invoice_id 1 CiString(255)",
            // CiString(36) in the table; 39 so that credit CDR ids (CiString(39) in mod_cdrs) can be listed.
            "cdrs + CiString(39)",
            "last_updated 1 DateTime",
        ], ignoreOrder: true);
        Record.Fields.Select(f => f.Name).ShouldBeUnique();
    }

    [Fact]
    public void the_base_document_is_valid() => Record.ShouldValidate(Valid);

    [Theory]
    [InlineData("country_code")]
    [InlineData("party_id")]
    [InlineData("id")]
    [InlineData("invoice_id")]
    [InlineData("cdrs")]
    [InlineData("last_updated")]
    public void a_missing_required_field_is_refused_by_its_path(string path) =>
        Record.ShouldRefuse(Valid.Without(path), path, "required field is missing");

    [Fact]
    public void an_empty_cdr_list_is_refused() =>
        Record.ShouldRefuse(Valid.WithJson("cdrs", "[]"), "cdrs", "at least one element");

    [Fact]
    public void cdrs_as_objects_like_the_flow_diagram_are_refused() =>
        Record.ShouldRefuse(Valid.WithJson("cdrs", """[{"id": "1"}]"""), "cdrs[0]", "expected CiString(39)");

    [Fact]
    public void a_credit_cdr_id_of_39_characters_is_accepted_and_40_refused()
    {
        Record.ShouldValidate(Valid.WithJson("cdrs[1]", JsonString(39)));
        Record.ShouldRefuse(Valid.WithJson("cdrs[1]", JsonString(40)), "cdrs[1]", "too long (40 characters, max 39)");
    }

    [Theory]
    [InlineData("id", 36)]
    [InlineData("invoice_id", 255)]
    [InlineData("country_code", 2)]
    [InlineData("party_id", 3)]
    public void identifiers_are_refused_beyond_their_length(string path, int max)
    {
        Record.ShouldValidate(Valid.WithJson(path, JsonString(max)));
        Record.ShouldRefuse(Valid.WithJson(path, JsonString(max + 1)), path, $"max {max}");
    }

    [Fact]
    public void a_non_ascii_cdr_id_is_refused() =>
        Record.ShouldRefuse(Valid.WithJson("cdrs[0]", "\"CDR-é\""), "cdrs[0]", "printable ASCII");

    [Fact]
    public void unknown_fields_are_accepted() => Record.ShouldValidate(Valid.WithJson("invoice_total", "12.5"));
}
