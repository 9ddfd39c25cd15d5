namespace Ocpi.Emsp.Storage;

/// <summary>The document a registered projection builds, read off its base type.</summary>
internal static class ProjectedDocuments
{
    /// <summary>TDoc of <paramref name="projectionBase"/>&lt;TDoc, string&gt; in the projection's base types; null if none.</summary>
    public static Type? DocumentType(Type projectionType, Type projectionBase)
    {
        for (var type = projectionType; type is not null; type = type.BaseType)
            if (type.IsGenericType && type.GetGenericTypeDefinition() == projectionBase && type.GetGenericArguments()[1] == typeof(string))
                return type.GetGenericArguments()[0];
        return null;
    }
}
