using JasperFx.Events.Aggregation;

namespace Ocpi.Emsp.Storage;

/// <summary>Reads and writes a view's string <c>Id</c>, as Marten's own storage does for a projection.</summary>
internal sealed class DocumentIdentity<TDoc> : IIdentitySetter<TDoc, string>
{
    private readonly System.Reflection.PropertyInfo _id =
        typeof(TDoc).GetProperty("Id") is { PropertyType.Name: nameof(String) } id ? id
            : throw new NotSupportedException($"{typeof(TDoc).Name}: a view rebuilt in bulk has a string Id property.");

    public void SetIdentity(TDoc document, string identity) => _id.SetValue(document, identity);
    public string Identity(TDoc document) => (string)_id.GetValue(document)!;
}
