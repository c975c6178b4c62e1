using System.Globalization;
using System.Reflection;
using System.Text.Json.Serialization.Metadata;
using FluentValidation;
using FluentValidation.Internal;
using FluentValidation.Validators;
using Microsoft.AspNetCore.Mvc.ApiExplorer;
using Microsoft.AspNetCore.Mvc.ModelBinding;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;
using ResourceShare.Api.Http;

namespace ResourceShare.Api.OpenApi;

/// <summary>
/// Writes the limits of the FluentValidation validators into the document, so that every limit is stated once, in
/// the validator, and the document promises exactly what the API enforces. It describes what the validation filter
/// runs: the validators of the parameters of endpoints with <c>.WithValidation()</c> (request bodies, [AsParameters]
/// containers), and what those apply to nested objects and collection items through SetValidator, ChildRules,
/// Include and RuleForEach. A nested type's own registered validator is not described unless a parent applies it,
/// because then it does not run either. A type validated differently in two places gets both sets of limits.
/// <para>
/// Only unconditional rules of the default rule set are described: a limit that holds only under When/Unless or as a
/// dependent rule would claim too much. Rules the document cannot express (Must, Custom, async) are left out; for
/// collection sizes use <see cref="ItemCountRuleExtensions.ItemCount{T,TCollection}"/>.
/// </para>
/// </summary>
internal sealed class ValidationSchemaTransformer(IApiDescriptionGroupCollectionProvider apis)
    : IOpenApiSchemaTransformer, IOpenApiOperationTransformer
{
    // Recursive types (a node validating its children with its own validator) end here.
    private const int MaxDepth = 8;

    private Dictionary<Type, List<MemberRule>>? rulesByType;
    private HashSet<Type>? requestTypes;

    public Task TransformAsync(OpenApiSchema schema, OpenApiSchemaTransformerContext context, CancellationToken cancellationToken)
    {
        var rules = RulesByType(context.ApplicationServices);
        if (context.JsonPropertyInfo is null && ParameterMember(context.ParameterDescription) is var (container, member))
        {
            foreach (var rule in rules.GetValueOrDefault(container, []).Where(r => r.Member == member && !r.EachItem))
            {
                Constrain(schema, rule.Validators);
            }

            return Task.CompletedTask;
        }

        if (context.JsonTypeInfo.Kind != JsonTypeInfoKind.Object)
        {
            return Task.CompletedTask;
        }

        // What a client sends is required only where a rule that always runs says so: the framework would require
        // every constructor parameter, and clients had to send explicit nulls for what the API treats as optional.
        if (RequestTypes().Contains(context.JsonTypeInfo.Type))
        {
            schema.Required = null;
        }

        if (!rules.TryGetValue(context.JsonTypeInfo.Type, out var typeRules))
        {
            return Task.CompletedTask;
        }

        foreach (var rule in typeRules)
        {
            var property = context.JsonTypeInfo.Properties.FirstOrDefault(p => (p.AttributeProvider as MemberInfo)?.Name == rule.Member);
            if (property is null || schema.Properties is null
                || !schema.Properties.TryGetValue(property.Name, out var found) || found is not OpenApiSchema propertySchema)
            {
                continue;
            }

            if (rule.EachItem)
            {
                if (propertySchema.Items is OpenApiSchema items)
                {
                    Constrain(items, rule.Validators);
                }

                continue;
            }

            Constrain(propertySchema, rule.Validators);
            if (rule.Validators.Any(IsPresenceRule))
            {
                schema.Required ??= new HashSet<string>();
                schema.Required.Add(property.Name);
            }
        }

        return Task.CompletedTask;
    }

    public Task TransformAsync(OpenApiOperation operation, OpenApiOperationTransformerContext context, CancellationToken cancellationToken)
    {
        var rules = RulesByType(context.ApplicationServices);
        foreach (var description in context.Description.ParameterDescriptions)
        {
            if (ParameterMember(description) is not var (container, member)
                || !rules.GetValueOrDefault(container, []).Any(r => r.Member == member && !r.EachItem && r.Validators.Any(IsPresenceRule)))
            {
                continue;
            }

            var parameter = operation.Parameters?.OfType<OpenApiParameter>()
                .FirstOrDefault(p => string.Equals(p.Name, description.Name, StringComparison.OrdinalIgnoreCase));
            if (parameter is not null)
            {
                parameter.Required = true;
            }
        }

        return Task.CompletedTask;
    }

    /// <summary>The types of request bodies and of every object nested in them.</summary>
    private HashSet<Type> RequestTypes()
    {
        if (requestTypes is not null)
        {
            return requestTypes;
        }

        var found = new HashSet<Type>();
        var pending = new Stack<Type>(apis.ApiDescriptionGroups.Items
            .SelectMany(group => group.Items)
            .SelectMany(api => api.ParameterDescriptions)
            .Where(parameter => parameter.Source == BindingSource.Body)
            .Select(parameter => parameter.Type));
        while (pending.TryPop(out var type))
        {
            type = Nullable.GetUnderlyingType(type) ?? type;
            if (type == typeof(string) || type.IsPrimitive || type.IsEnum
                || (type.Namespace?.StartsWith("System", StringComparison.Ordinal) == true && ElementType(type) is null))
            {
                continue;
            }

            if (ElementType(type) is { } element)
            {
                pending.Push(element);
                continue;
            }

            if (found.Add(type))
            {
                foreach (var property in type.GetProperties(BindingFlags.Public | BindingFlags.Instance))
                {
                    pending.Push(property.PropertyType);
                }
            }
        }

        return requestTypes = found;
    }

    /// <summary>The rules that run, per type and member, starting from the parameters of validated endpoints.</summary>
    private Dictionary<Type, List<MemberRule>> RulesByType(IServiceProvider services)
    {
        if (rulesByType is not null)
        {
            return rulesByType;
        }

        rulesByType = [];
        var handlers = apis.ApiDescriptionGroups.Items
            .SelectMany(group => group.Items)
            .Select(api => api.ActionDescriptor.EndpointMetadata)
            .Where(metadata => metadata.OfType<ValidationFilter.Applied>().Any())
            .SelectMany(metadata => metadata.OfType<MethodInfo>());
        foreach (var parameter in handlers.SelectMany(handler => handler.GetParameters()).Select(p => p.ParameterType).Distinct())
        {
            if (services.GetService(typeof(IValidator<>).MakeGenericType(parameter)) is IValidator validator)
            {
                Collect(rulesByType, parameter, validator, depth: 0);
            }
        }

        return rulesByType;
    }

    private static void Collect(Dictionary<Type, List<MemberRule>> rules, Type type, IValidator validator, int depth)
    {
        if (depth > MaxDepth)
        {
            return;
        }

        foreach (var rule in DescribedRules(validator))
        {
            var validators = rule.Components.Where(c => !c.HasCondition && !c.HasAsyncCondition).Select(c => c.Validator).ToList();
            if (rule is IIncludeRule)
            {
                foreach (var included in validators.Select(ChildValidator).OfType<IValidator>())
                {
                    Collect(rules, type, included, depth + 1);
                }

                continue;
            }

            if (rule.PropertyName is null || MemberOf(type, rule.PropertyName) is not var (owner, member, memberType))
            {
                continue;
            }

            var eachItem = rule.GetType().GetInterfaces()
                .Any(i => i.IsGenericType && i.GetGenericTypeDefinition() == typeof(ICollectionRule<,>));
            if (!rules.TryGetValue(owner, out var ownerRules))
            {
                ownerRules = rules[owner] = [];
            }

            ownerRules.Add(new MemberRule(member, eachItem, validators));

            var validatedType = eachItem ? ElementType(memberType) : memberType;
            foreach (var child in validators.Select(ChildValidator).OfType<IValidator>())
            {
                if (validatedType is not null)
                {
                    Collect(rules, validatedType, child, depth + 1);
                }
            }
        }
    }

    private static IEnumerable<IValidationRule> DescribedRules(IValidator validator) =>
        validator.CreateDescriptor().Rules.Where(rule =>
            !rule.HasCondition && !rule.HasAsyncCondition
            && (rule.RuleSets is not { Length: > 0 } || rule.RuleSets.Contains(RulesetValidatorSelector.DefaultRuleSetName, StringComparer.OrdinalIgnoreCase)));

    /// <summary>Follows a rule's member path such as "Place.PostalCode" to the type that declares the last member.</summary>
    private static (Type Owner, string Member, Type MemberType)? MemberOf(Type type, string path)
    {
        var owner = type;
        var parts = path.Split('.');
        for (var i = 0; i < parts.Length; i++)
        {
            var memberType = owner.GetProperty(parts[i], BindingFlags.Public | BindingFlags.Instance)?.PropertyType
                ?? owner.GetField(parts[i], BindingFlags.Public | BindingFlags.Instance)?.FieldType;
            if (memberType is null)
            {
                return null;
            }

            memberType = Nullable.GetUnderlyingType(memberType) ?? memberType;
            if (i == parts.Length - 1)
            {
                return (owner, parts[i], memberType);
            }

            owner = memberType;
        }

        return null;
    }

    /// <summary>
    /// The validator behind SetValidator(instance), ChildRules or Include. The adaptor hands it out only through
    /// GetValidator(context, value); for those three the answer depends on neither. A validator chosen per instance
    /// (SetValidator(x =&gt; …)) cannot be known up front and is skipped.
    /// </summary>
    private static IValidator? ChildValidator(IPropertyValidator validator)
    {
        if (validator is not IChildValidatorAdaptor
            || validator.GetType().GetMethod("GetValidator") is not { } getValidator
            || getValidator.GetParameters() is not [var contextParameter, _]
            || contextParameter.ParameterType.GetConstructor([contextParameter.ParameterType.GetGenericArguments()[0]]) is not { } createContext)
        {
            return null;
        }

        try
        {
            return getValidator.Invoke(validator, [createContext.Invoke([null]), null]) as IValidator;
        }
        catch (TargetInvocationException)
        {
            return null;
        }
    }

    private static void Constrain(OpenApiSchema schema, IEnumerable<IPropertyValidator> validators)
    {
        foreach (var validator in validators)
        {
            Constrain(schema, validator);
        }
    }

    private static void Constrain(OpenApiSchema schema, IPropertyValidator validator)
    {
        switch (validator)
        {
            case INotNullValidator:
                ExcludeNull(schema);
                break;
            case INotEmptyValidator:
                ExcludeNull(schema);
                if (Is(schema, JsonSchemaType.String))
                {
                    schema.MinLength = Math.Max(schema.MinLength ?? 0, 1);
                }
                else if (Is(schema, JsonSchemaType.Array))
                {
                    schema.MinItems = Math.Max(schema.MinItems ?? 0, 1);
                }

                break;
            // Max is 0 for lengths computed per instance (Length(x => …)), which the document cannot state.
            case ILengthValidator length:
                if (length.Max > 0)
                {
                    schema.MaxLength = Math.Min(schema.MaxLength ?? int.MaxValue, length.Max);
                }

                if (length.Min > 0)
                {
                    schema.MinLength = Math.Max(schema.MinLength ?? 0, length.Min);
                }

                break;
            case IAllowedValuesValidator allowed:
                schema.Enum = allowed.Values.Select(v => (System.Text.Json.Nodes.JsonNode)System.Text.Json.Nodes.JsonValue.Create(v)).ToList();
                break;
            case IItemCountValidator count:
                schema.MaxItems = Math.Min(schema.MaxItems ?? int.MaxValue, count.Max);
                if (count.Min > 0)
                {
                    schema.MinItems = Math.Max(schema.MinItems ?? 0, count.Min);
                }

                break;
            case IBetweenValidator between when Number(between.From) is { } from && Number(between.To) is { } to:
                if (between is IInclusiveBetweenValidator)
                {
                    schema.Minimum = Higher(schema.Minimum, from);
                    schema.Maximum = Lower(schema.Maximum, to);
                }
                else
                {
                    schema.ExclusiveMinimum = Higher(schema.ExclusiveMinimum, from);
                    schema.ExclusiveMaximum = Lower(schema.ExclusiveMaximum, to);
                }

                break;
            case IComparisonValidator { MemberToCompare: null } comparison when Number(comparison.ValueToCompare) is { } value:
                switch (comparison.Comparison)
                {
                    case Comparison.GreaterThanOrEqual:
                        schema.Minimum = Higher(schema.Minimum, value);
                        break;
                    case Comparison.GreaterThan:
                        schema.ExclusiveMinimum = Higher(schema.ExclusiveMinimum, value);
                        break;
                    case Comparison.LessThanOrEqual:
                        schema.Maximum = Lower(schema.Maximum, value);
                        break;
                    case Comparison.LessThan:
                        schema.ExclusiveMaximum = Lower(schema.ExclusiveMaximum, value);
                        break;
                }

                break;
            // Before the regular expression case: the email validator is one as well, with a looser pattern than "email".
            case IEmailValidator:
                schema.Format = "email";
                break;
            case IRegularExpressionValidator { Expression: { } expression }:
                schema.Pattern = EcmaPattern(expression);
                break;
        }
    }

    /// <summary>
    /// A .NET pattern in the ECMA-262 dialect that JSON Schema uses. Validators anchor with \z, since .NET's $ also
    /// matches before a final line break; ECMA-262's $ does not, and has no \z. Other constructs that only .NET
    /// knows are refused here rather than published as a pattern no client can compile.
    /// </summary>
    private static string EcmaPattern(string expression)
    {
        var pattern = expression.StartsWith(@"\A", StringComparison.Ordinal) ? "^" + expression[2..] : expression;
        pattern = pattern.EndsWith(@"\z", StringComparison.Ordinal) || pattern.EndsWith(@"\Z", StringComparison.Ordinal) ? pattern[..^2] + "$" : pattern;
        string[] dotnetOnly = [@"\A", @"\z", @"\Z", @"\G", "(?i", "(?m", "(?s", "(?x", "(?n", "(?>", "(?#"];
        return dotnetOnly.FirstOrDefault(construct => pattern.Contains(construct, StringComparison.Ordinal)) is { } found
            ? throw new InvalidOperationException($"The pattern {expression} uses {found}, which ECMA-262 (JSON Schema's dialect) does not know.")
            : pattern;
    }

    private static bool IsPresenceRule(IPropertyValidator validator) => validator is INotNullValidator or INotEmptyValidator;

    /// <summary>The container type and member of an [AsParameters] property bound from the query, route or a header.</summary>
    private static (Type Container, string Member)? ParameterMember(ApiParameterDescription? parameter) =>
        parameter is { ModelMetadata: { ContainerType: { } container, PropertyName: { } member } }
        && parameter.Source != BindingSource.Body && parameter.Source != BindingSource.Form
            ? (container, member)
            : null;

    private static Type? ElementType(Type collectionType) =>
        collectionType.IsArray
            ? collectionType.GetElementType()
            : collectionType.GetInterfaces().Prepend(collectionType)
                .FirstOrDefault(i => i.IsGenericType && i.GetGenericTypeDefinition() == typeof(IEnumerable<>))
                ?.GetGenericArguments()[0];

    private static bool Is(OpenApiSchema schema, JsonSchemaType type) => schema.Type is { } t && t.HasFlag(type);

    private static void ExcludeNull(OpenApiSchema schema)
    {
        if (schema.Type is { } type)
        {
            schema.Type = type & ~JsonSchemaType.Null;
        }

        schema.Enum = schema.Enum?.Where(value => value is not null).ToList();
        // Nullable properties of object types become oneOf [null, $ref] later; the framework marks them with this key.
        schema.Metadata?.Remove("x-is-nullable-property");
    }

    private static decimal? Number(object? value) => value switch
    {
        byte or sbyte or short or ushort or int or uint or long or ulong or decimal => Convert.ToDecimal(value, CultureInfo.InvariantCulture),
        double d when double.IsFinite(d) && Math.Abs(d) < (double)decimal.MaxValue => (decimal)d,
        float f when float.IsFinite(f) => (decimal)f,
        _ => null,
    };

    private static string Higher(string? current, decimal value) =>
        current is not null && decimal.Parse(current, CultureInfo.InvariantCulture) >= value ? current : Text(value);

    private static string Lower(string? current, decimal value) =>
        current is not null && decimal.Parse(current, CultureInfo.InvariantCulture) <= value ? current : Text(value);

    private static string Text(decimal value) => value.ToString(CultureInfo.InvariantCulture);

    private sealed record MemberRule(string Member, bool EachItem, IReadOnlyList<IPropertyValidator> Validators);
}
