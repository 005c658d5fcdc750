namespace S3Consumer.Core.Keys;

/// <summary>One part of a key a template joins: text it gives as is, or a field it reads (<c>metadata.objectName</c> as its names).</summary>
public sealed record TemplatePart(string? Text, IReadOnlyList<string>? Field)
{
    public static TemplatePart Literal(string text) => new(text, null);

    public static TemplatePart Path(IReadOnlyList<string> names) => new(null, names);

    /// <summary>Whether it is text given as is.</summary>
    public bool IsText => Text is not null;

    public override string ToString() => Text ?? string.Join('.', Field!);
}
