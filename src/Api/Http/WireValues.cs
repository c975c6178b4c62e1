using FluentValidation;
using ResourceShare.Infrastructure.Database;

namespace ResourceShare.Api.Http;

public static class WireValues
{
    /// <summary>
    /// A query value naming an enum member in its wire form (snake_case, e.g. "pending_review"). Query
    /// strings bind enums by their C# names only, so such parameters are strings checked here.
    /// </summary>
    public static IRuleBuilderOptions<T, string?> IsWireValueOf<T, TEnum>(this IRuleBuilder<T, string?> rule) where TEnum : struct, Enum =>
        rule.Must(value => value is null || EnumText<TEnum>.TryParse(value, out _))
            .WithMessage(_ => new Msg("Unknown value; allowed: {0}.", "Unbekannter Wert; erlaubt: {0}.")
                .Format(string.Join(", ", Enum.GetValues<TEnum>().Select(EnumText<TEnum>.Of))));
}
