using System.Collections;
using FluentValidation;
using FluentValidation.Validators;

namespace ResourceShare.Api.Http;

/// <summary>
/// How many items a collection may hold. FluentValidation has no such rule (a <c>Must(x =&gt; x.Count &lt;= n)</c>
/// predicate works but cannot be read back), and the OpenAPI document needs the bounds for minItems/maxItems.
/// </summary>
public interface IItemCountValidator : IPropertyValidator
{
    int Min { get; }

    int Max { get; }
}

public sealed class ItemCountValidator<T, TCollection>(int min, int max) : PropertyValidator<T, TCollection>, IItemCountValidator
    where TCollection : IEnumerable?
{
    private static readonly UserText Message = new(
        "'{PropertyName}' must contain between {MinItems} and {MaxItems} items; it contains {TotalItems}.",
        "'{PropertyName}' muss zwischen {MinItems} und {MaxItems} Einträge enthalten; es sind {TotalItems}.");

    public int Min => min;

    public int Max => max;

    public override string Name => "ItemCountValidator";

    public override bool IsValid(ValidationContext<T> context, TCollection value)
    {
        if (value is null)
        {
            return true;
        }

        var count = value is ICollection collection ? collection.Count : value.Cast<object?>().Count();
        if (count >= min && count <= max)
        {
            return true;
        }

        context.MessageFormatter
            .AppendArgument("MinItems", min)
            .AppendArgument("MaxItems", max)
            .AppendArgument("TotalItems", count);
        return false;
    }

    protected override string GetDefaultMessageTemplate(string errorCode) => Message.ToString();
}

public static class ItemCountRuleExtensions
{
    /// <summary>The collection holds at least <paramref name="min"/> and at most <paramref name="max"/> items (null passes; add NotNull).</summary>
    public static IRuleBuilderOptions<T, TCollection> ItemCount<T, TCollection>(this IRuleBuilder<T, TCollection> rule, int min, int max)
        where TCollection : IEnumerable?
    {
        ArgumentOutOfRangeException.ThrowIfNegative(min);
        ArgumentOutOfRangeException.ThrowIfLessThan(max, min);
        return rule.SetValidator(new ItemCountValidator<T, TCollection>(min, max));
    }
}
