using Ocpi.Protocol.Transport;
using Ocpi.Protocol.Validation;

namespace Ocpi.Protocol.Tests.Transport;

public sealed class PageRequestTests
{
    private const int MaxLimit = 100;

    private static (PageRequest Request, ValidationResult Errors) Parse(params (string Name, string Value)[] query)
    {
        var errors = new ValidationResult();
        var map = query.ToDictionary(q => q.Name, q => q.Value);
        var request = PageRequest.Parse(name => map.GetValueOrDefault(name), MaxLimit, errors);
        return (request, errors);
    }

    [Fact]
    public void without_parameters_the_first_page_of_the_server_maximum_is_requested()
    {
        var (request, errors) = Parse();

        errors.IsValid.ShouldBeTrue();
        request.ShouldBe(new PageRequest(null, null, 0, MaxLimit));
    }

    [Fact]
    public void all_parameters_are_read()
    {
        var (request, errors) = Parse(("date_from", "2019-01-28T12:00:00Z"), ("date_to", "2019-01-29T12:00:00"),
            ("offset", "50"), ("limit", "25"));

        errors.IsValid.ShouldBeTrue(errors.Describe());
        request.ShouldBe(new PageRequest(new DateTimeOffset(2019, 1, 28, 12, 0, 0, TimeSpan.Zero),
            new DateTimeOffset(2019, 1, 29, 12, 0, 0, TimeSpan.Zero), 50, 25));
    }

    [Theory]
    [InlineData("-1")]
    [InlineData("-150")]
    [InlineData("-2147483648")]
    public void a_negative_offset_is_clipped_to_zero(string offset)
    {
        var (request, errors) = Parse(("offset", offset));

        errors.IsValid.ShouldBeTrue();
        request.Offset.ShouldBe(0);
    }

    [Theory]
    [InlineData("101", MaxLimit)]
    [InlineData("1000000", MaxLimit)]
    [InlineData("100", MaxLimit)]
    [InlineData("99", 99)]
    [InlineData("1", 1)]
    public void the_limit_is_capped_at_the_server_maximum(string limit, int expected)
    {
        var (request, errors) = Parse(("limit", limit));

        errors.IsValid.ShouldBeTrue();
        request.Limit.ShouldBe(expected);
    }

    [Theory]
    [InlineData("0")]
    [InlineData("-5")]
    public void a_limit_below_one_is_raised_to_one(string limit)
    {
        Parse(("limit", limit)).Request.Limit.ShouldBe(1);
    }

    [Theory]
    [InlineData("ten")]
    [InlineData("1.5")]
    [InlineData("1e3")]
    [InlineData("99999999999")]
    public void a_non_integer_offset_is_reported_naming_the_parameter(string offset)
    {
        var (request, errors) = Parse(("offset", offset));

        errors.Errors.ShouldHaveSingleItem().ShouldBe(new ValidationError("offset", "is not an integer"));
        request.Offset.ShouldBe(0);
    }

    [Fact]
    public void a_non_integer_limit_is_reported_naming_the_parameter()
    {
        Parse(("limit", "all")).Errors.Errors.ShouldHaveSingleItem().ShouldBe(new ValidationError("limit", "is not an integer"));
    }

    [Theory]
    [InlineData("date_from")]
    [InlineData("date_to")]
    public void a_bad_date_is_reported_naming_the_parameter(string name)
    {
        var (request, errors) = Parse((name, "last tuesday"));

        errors.Errors.ShouldHaveSingleItem().ShouldBe(new ValidationError(name, "is not a valid DateTime"));
        request.DateFrom.ShouldBeNull();
        request.DateTo.ShouldBeNull();
    }

    [Fact]
    public void every_bad_parameter_is_reported()
    {
        Parse(("date_from", "x"), ("date_to", "y"), ("offset", "z"), ("limit", "w")).Errors.Errors.Select(e => e.Path)
            .ShouldBe(["date_from", "date_to", "offset", "limit"]);
    }

    [Fact]
    public void an_offset_in_the_date_is_converted_to_utc()
    {
        Parse(("date_from", "2019-01-28T14:00:00+02:00")).Request.DateFrom
            .ShouldBe(new DateTimeOffset(2019, 1, 28, 12, 0, 0, TimeSpan.Zero));
    }

    [Fact]
    public void empty_parameters_count_as_absent()
    {
        var (request, errors) = Parse(("date_from", ""), ("offset", ""), ("limit", ""));

        errors.IsValid.ShouldBeTrue();
        request.ShouldBe(new PageRequest(null, null, 0, MaxLimit));
    }

    [Fact]
    public void date_from_is_inclusive_and_date_to_is_exclusive()
    {
        var from = new DateTimeOffset(2019, 1, 28, 0, 0, 0, TimeSpan.Zero);
        var to = from.AddDays(1);
        var request = new PageRequest(from, to, 0, 10);

        request.Includes(from).ShouldBeTrue();
        request.Includes(to.AddTicks(-1)).ShouldBeTrue();
        request.Includes(to).ShouldBeFalse();
        request.Includes(from.AddTicks(-1)).ShouldBeFalse();
        new PageRequest(null, null, 0, 10).Includes(DateTimeOffset.MinValue).ShouldBeTrue();
    }
}
