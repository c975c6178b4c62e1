using FluentValidation;
using FluentValidation.Validators;

namespace ResourceShare.Api.Http;

/// <summary>A string from a fixed vocabulary; the OpenAPI document lists the vocabulary as the schema's enum.</summary>
public interface IAllowedValuesValidator : IPropertyValidator
{
    IReadOnlyList<string> Values { get; }
}

public sealed class AllowedValuesValidator<T>(IReadOnlyList<string> values) : PropertyValidator<T, string?>, IAllowedValuesValidator
{
    private static readonly UserText Message = new("Unknown value; allowed: {AllowedValues}.", "Unbekannter Wert; erlaubt: {AllowedValues}.");

    public IReadOnlyList<string> Values => values;

    public override string Name => "AllowedValuesValidator";

    public override bool IsValid(ValidationContext<T> context, string? value)
    {
        if (value is null || values.Contains(value))
        {
            return true;
        }

        context.MessageFormatter.AppendArgument("AllowedValues", string.Join(", ", values));
        return false;
    }

    protected override string GetDefaultMessageTemplate(string errorCode) => Message.ToString();
}

public static class AllowedValuesRuleExtensions
{
    public static IRuleBuilderOptions<T, string?> AllowedValues<T>(this IRuleBuilder<T, string?> rule, IReadOnlyList<string> values) =>
        rule.SetValidator(new AllowedValuesValidator<T>(values));

    public static IRuleBuilderOptions<T, string> AllowedValues<T>(this IRuleBuilderInitialCollection<T, string> rule, IReadOnlyList<string> values) =>
        rule.SetValidator(new AllowedValuesValidator<T>(values)!);

    /// <summary>A query value naming an enum member in its wire form (snake_case): query strings bind enums by C# name only.</summary>
    public static IRuleBuilderOptions<T, string?> IsWireValueOf<T, TEnum>(this IRuleBuilder<T, string?> rule) where TEnum : struct, Enum =>
        rule.AllowedValues(Enum.GetValues<TEnum>().Select(Infrastructure.Database.EnumText<TEnum>.Of).ToList());
}
