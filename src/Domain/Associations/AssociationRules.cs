using System.Text.RegularExpressions;

namespace ResourceShare.Domain.Associations;

/// <summary>
/// Limits and formats of an association's profile, each written once. The patterns end in \z, not $:
/// in .NET, $ also matches before a final line break, which would let "60311\n" pass as a postal code.
/// </summary>
public static partial class AssociationRules
{
    public const int NameMaxLength = 200;
    public const int LegalFormMaxLength = 60;
    public const int CityMaxLength = 100;
    public const int DescriptionMaxLength = 4000;
    public const int MaxLanguages = 30;
    public const int WebsiteMaxLength = 300;
    public const int EmailMaxLength = 254;
    public const int RegisterCourtMaxLength = 100;
    public const int RegisterNumberMaxLength = 20;

    /// <summary>German postal codes: five digits.</summary>
    public const string PostalCodePattern = @"^[0-9]{5}\z";

    /// <summary>
    /// A German register number: the register (VR Vereinsregister, HRB/HRA Handelsregister, GnR
    /// Genossenschaften, PR Partnerschaften) and up to six digits, optionally a suffix ("VR 12345",
    /// "HRB 4711 B").
    /// </summary>
    public const string RegisterNumberPattern = @"^(VR|HRB|HRA|GnR|PR) ?[0-9]{1,6}( ?[A-Z]{1,2})?\z";

    /// <summary>A register court is an Amtsgericht ("Amtsgericht Frankfurt am Main").</summary>
    public const string RegisterCourtPattern = @"^Amtsgericht [\p{L}][\p{L} .()/-]{1,80}\z";

    public static bool IsPostalCode(string? value) => value is not null && PostalCode().IsMatch(value);

    public static bool IsRegisterNumber(string? value) => value is not null && RegisterNumber().IsMatch(value);

    public static bool IsRegisterCourt(string? value) => value is not null && RegisterCourt().IsMatch(value);

    [GeneratedRegex(PostalCodePattern)]
    private static partial Regex PostalCode();

    [GeneratedRegex(RegisterNumberPattern)]
    private static partial Regex RegisterNumber();

    [GeneratedRegex(RegisterCourtPattern)]
    private static partial Regex RegisterCourt();
}
