using Microsoft.Kiota.Abstractions;
using Microsoft.Kiota.Abstractions.Serialization;
using ResourceShare.Web.ApiClient.Models;
using ResourceShare.Web.Texts;

namespace ResourceShare.Web.Api;

/// <summary>
/// What the API refused, ready for a form: the problem's detail (shown above the form) and its field errors, keyed
/// by the API's camelCase field paths (<c>place.postalCode</c>, <c>schedule.windows[0].end</c>).
/// </summary>
public sealed class FormErrors
{
    public static readonly FormErrors None = new(null, null, new Dictionary<string, IReadOnlyList<string>>());

    private FormErrors(int? status, string? detail, IReadOnlyDictionary<string, IReadOnlyList<string>> fields)
    {
        Status = status;
        Detail = detail;
        Fields = fields;
    }

    public int? Status { get; }

    public string? Detail { get; }

    public IReadOnlyDictionary<string, IReadOnlyList<string>> Fields { get; }

    public bool Any => Detail is not null || Fields.Count > 0;

    public static FormErrors Message(string detail) => new(null, detail, None.Fields);

    public static FormErrors Of(int status, string? detail, IReadOnlyDictionary<string, IReadOnlyList<string>> fields) =>
        new(status, detail, fields);

    public static FormErrors From(ApiException refusal) => refusal switch
    {
        ValidationProblemDetails problem => new(problem.Status, problem.Detail ?? problem.Title, FieldsOf(problem.Errors)),
        ProblemDetails problem => new(problem.Status, problem.Detail ?? problem.Title, None.Fields),
        ConflictProblemDetails problem => new(problem.Status, problem.Detail ?? problem.Title, None.Fields),
        TooManyRequestsProblemDetails problem => new(problem.Status, problem.Detail ?? problem.Title, None.Fields),
        UnprocessableProblemDetails problem => new(problem.Status, problem.Detail ?? problem.Title, None.Fields),
        _ => new(refusal.ResponseStatusCode, Tr.T(
            "Das hat nicht geklappt. Bitte versuchen Sie es noch einmal.",
            "That did not work. Please try again."), None.Fields),
    };

    /// <summary>The messages for one field, or for every field below it (<c>place</c> covers <c>place.city</c>).</summary>
    public IReadOnlyList<string> For(string path) =>
        Fields.Where(field => Covers(path, field.Key)).SelectMany(field => field.Value).ToList();

    public bool Has(string path) => Fields.Keys.Any(key => Covers(path, key));

    /// <summary>The id of the input that shows a field path, so that error links and labels can point at it.</summary>
    public static string FieldId(string path) =>
        "f-" + new string(path.Select(c => char.IsLetterOrDigit(c) ? c : '-').ToArray()).Trim('-');

    private static bool Covers(string path, string key) =>
        key.Equals(path, StringComparison.OrdinalIgnoreCase)
        || (key.StartsWith(path, StringComparison.OrdinalIgnoreCase) && key.Length > path.Length && key[path.Length] is '.' or '[');

    private static IReadOnlyDictionary<string, IReadOnlyList<string>> FieldsOf(ValidationProblemDetails_errors? errors)
    {
        var fields = new Dictionary<string, IReadOnlyList<string>>(StringComparer.OrdinalIgnoreCase);
        foreach (var (key, value) in errors?.AdditionalData ?? new Dictionary<string, object>())
        {
            fields[key] = value switch
            {
                UntypedArray array => array.GetValue().OfType<UntypedString>().Select(s => s.GetValue() ?? "").ToList(),
                UntypedString single => [single.GetValue() ?? ""],
                string text => [text],
                IEnumerable<object> items => items.Select(item => item.ToString() ?? "").ToList(),
                _ => [value.ToString() ?? ""],
            };
        }

        return fields;
    }
}
