using Ocpi.Protocol.Validation;

namespace Ocpi.Protocol.Tests.Validation;

public sealed class ValidationResultTests
{
    private static ValidationResult WithErrors(int count)
    {
        var result = new ValidationResult();
        for (var i = 0; i < count; i++) result.Add($"f{i}", $"problem {i}");
        return result;
    }

    [Fact]
    public void an_empty_result_is_valid_and_describes_as_empty()
    {
        var result = new ValidationResult();

        result.IsValid.ShouldBeTrue();
        result.Describe().ShouldBe("");
    }

    [Fact]
    public void describe_joins_path_and_message_of_every_error()
    {
        WithErrors(2).Describe().ShouldBe("f0: problem 0; f1: problem 1");
    }

    [Fact]
    public void describe_shows_at_most_five_errors_by_default_and_counts_the_rest()
    {
        WithErrors(8).Describe().ShouldBe("f0: problem 0; f1: problem 1; f2: problem 2; f3: problem 3; f4: problem 4; and 3 more");
    }

    [Fact]
    public void describe_shows_exactly_the_maximum_without_a_remainder()
    {
        WithErrors(5).Describe().ShouldNotContain("more");
    }

    [Fact]
    public void describe_accepts_another_maximum()
    {
        WithErrors(3).Describe(max: 1).ShouldBe("f0: problem 0; and 2 more");
    }

    [Fact]
    public void errors_keep_their_order()
    {
        WithErrors(3).Errors.Select(e => e.Path).ShouldBe(["f0", "f1", "f2"]);
        WithErrors(1).IsValid.ShouldBeFalse();
    }
}
