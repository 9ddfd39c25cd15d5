using Ocpi.Protocol.Validation;

namespace Ocpi.Protocol.Tests.Validation;

public sealed class CredentialsTokenTypeTests
{
    [Theory]
    [InlineData("ebf3b399-779f-4497-9b9d-ac6ad3cc44d2")]
    [InlineData("x")]
    [InlineData("!~{}|\\\"'`")]
    public void printable_non_whitespace_ascii_is_accepted(string token) =>
        OcpiTypes.CredentialsToken.ShouldAccept(System.Text.Json.JsonSerializer.Serialize(token));

    [Fact]
    public void sixty_four_characters_are_accepted() => OcpiTypes.CredentialsToken.ShouldAccept($"\"{new string('t', 64)}\"");

    [Fact]
    public void sixty_five_characters_are_refused() =>
        OcpiTypes.CredentialsToken.ShouldRefuse($"\"{new string('t', 65)}\"", "too long (65 characters, max 64)");

    [Fact]
    public void an_empty_token_is_refused() => OcpiTypes.CredentialsToken.ShouldRefuse("\"\"", "must not be empty");

    [Theory]
    [InlineData("\"two words\"")]
    [InlineData("\"example-token\\n\"")]
    [InlineData("\"tab\\there\"")]
    [InlineData("\"tökén\"")]
    public void whitespace_control_and_non_ascii_characters_are_refused(string json) =>
        OcpiTypes.CredentialsToken.ShouldRefuse(json, "printable non-whitespace ASCII (U+0021..U+007E)");

    [Fact]
    public void a_number_is_refused() =>
        OcpiTypes.CredentialsToken.ShouldRefuse("12345", "expected credentials token, got a number");
}
