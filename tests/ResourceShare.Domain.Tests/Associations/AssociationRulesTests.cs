using ResourceShare.Domain.Associations;

namespace ResourceShare.Domain.Tests.Associations;

public class AssociationRulesTests
{
    [Theory]
    [InlineData("60311", true)]
    [InlineData("01067", true)]
    [InlineData("6031", false)]
    [InlineData("603111", false)]
    [InlineData("6031a", false)]
    [InlineData(" 60311", false)]
    [InlineData("60311\n", false)]
    [InlineData("６０３１１", false)]
    [InlineData("", false)]
    [InlineData(null, false)]
    public void Postal_code_is_exactly_five_ascii_digits(string? value, bool valid) =>
        Assert.Equal(valid, AssociationRules.IsPostalCode(value));

    [Theory]
    [InlineData("VR 12345", true)]
    [InlineData("VR12345", true)]
    [InlineData("HRB 4711 B", true)]
    [InlineData("HRA 1", true)]
    [InlineData("GnR 123456", true)]
    [InlineData("PR 77", true)]
    [InlineData("VR 1234567", false)]
    [InlineData("12345", false)]
    [InlineData("vr 12345", false)]
    [InlineData("XY 12345", false)]
    [InlineData("VR 12345 abc", false)]
    [InlineData("VR 12345\n", false)]
    [InlineData(null, false)]
    public void Register_number_names_a_German_register_and_up_to_six_digits(string? value, bool valid) =>
        Assert.Equal(valid, AssociationRules.IsRegisterNumber(value));

    [Theory]
    [InlineData("Amtsgericht Frankfurt am Main", true)]
    [InlineData("Amtsgericht Gießen", true)]
    [InlineData("Amtsgericht Offenbach a.M.", true)]
    [InlineData("Amtsgericht Charlottenburg (Berlin)", true)]
    [InlineData("Frankfurt am Main", false)]
    [InlineData("Amtsgericht", false)]
    [InlineData("Amtsgericht 1", false)]
    [InlineData("Landgericht Kassel", false)]
    [InlineData("Amtsgericht Kassel\n", false)]
    [InlineData(null, false)]
    public void Register_court_is_an_Amtsgericht(string? value, bool valid) =>
        Assert.Equal(valid, AssociationRules.IsRegisterCourt(value));
}
