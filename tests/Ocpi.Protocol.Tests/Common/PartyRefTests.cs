using Ocpi.Protocol.Common;

namespace Ocpi.Protocol.Tests.Common;

public sealed class PartyRefTests
{
    [Theory]
    [InlineData("nl", "tnm")]
    [InlineData("NL", "TNM")]
    [InlineData("Nl", "tNm")]
    public void equality_is_case_insensitive(string countryCode, string partyId)
    {
        var party = new PartyRef(countryCode, partyId);
        var reference = new PartyRef("NL", "TNM");

        party.ShouldBe(reference);
        (party == reference).ShouldBeTrue();
        party.Equals((object)reference).ShouldBeTrue();
        party.GetHashCode().ShouldBe(reference.GetHashCode());
    }

    [Theory]
    [InlineData("DE", "TNM")]
    [InlineData("NL", "TNX")]
    [InlineData("NLT", "NM")]
    public void different_parties_are_not_equal(string countryCode, string partyId)
    {
        (new PartyRef(countryCode, partyId) == new PartyRef("NL", "TNM")).ShouldBeFalse();
    }

    [Fact]
    public void parties_differing_only_in_case_share_one_set_entry()
    {
        var set = new HashSet<PartyRef> { new("NL", "TNM"), new("nl", "tnm"), new("nl", "TNM"), new("DE", "TNM") };

        set.Count.ShouldBe(2);
        set.ShouldContain(new PartyRef("nL", "TnM"));
    }

    [Theory]
    [InlineData("nl", "tnm")]
    [InlineData("NL", "TNM")]
    [InlineData("Nl", "Tnm")]
    public void key_is_upper_case_country_code_followed_by_party_id(string countryCode, string partyId)
    {
        new PartyRef(countryCode, partyId).Key.ShouldBe("NLTNM");
    }

    [Fact]
    public void to_string_keeps_the_case_as_received()
    {
        new PartyRef("nl", "Tnm").ToString().ShouldBe("nl/Tnm");
    }
}
