using System.Linq.Expressions;
using System.Reflection;
using Marten;
using Marten.Schema;
using NpgsqlTypes;

namespace Ocpi.Emsp.Storage;

/// <summary>A duplicated field of a view: its column, its database type and how to read it off the document.</summary>
internal sealed record DuplicatedColumn<TDoc>(string Column, NpgsqlDbType Type, string PgType, Type ClrType, Func<TDoc, object?> Value);

/// <summary>The contract of a view's table with the SQL that writes it without a session (see <see cref="ViewColumns{TDoc}"/>).</summary>
internal static class ViewColumns
{
    public static TableContract ContractOf(IDocumentStore store, Type documentType) =>
        ContractOf((DocumentMapping)((IReadOnlyStoreOptions)store.Options).FindOrResolveDocumentType(documentType));

    public static TableContract ContractOf(DocumentMapping mapping) => new(mapping.TableName.Schema, mapping.TableName.Name,
        ["id", "data", "mt_version", "mt_dotnet_type", .. mapping.DuplicatedFields.Select(f => f.ColumnName), "mt_last_modified"], []);
}

/// <summary>
/// The columns of a view's table as Marten's own storage writes them: id, JSON document, revision, .NET type, the
/// duplicated fields, and the time of writing (the column's default). Used by whatever writes views without a Marten
/// session (the bulk rebuild, the group commit), so that a row looks exactly as if Marten had written it. A table
/// with a column this does not know (soft deletes, tenancy, a newer Marten's metadata) is refused rather than filled
/// wrongly (<see cref="Contract"/>).
/// </summary>
internal sealed class ViewColumns<TDoc> where TDoc : notnull
{
    public ViewColumns(IDocumentStore store)
    {
        Mapping = (DocumentMapping)((IReadOnlyStoreOptions)store.Options).FindOrResolveDocumentType(typeof(TDoc));
        Duplicated = [.. Mapping.DuplicatedFields.Select(f => new DuplicatedColumn<TDoc>(f.ColumnName, f.DbType, f.PgType, MemberType(f.Members[^1]), Getter(f.Members)))];
    }

    public DocumentMapping Mapping { get; }
    public IReadOnlyList<DuplicatedColumn<TDoc>> Duplicated { get; }
    public string Table => Mapping.TableName.QualifiedName;
    public string DotNetType => typeof(TDoc).FullName!;

    /// <summary>Every column written, the time of writing excepted.</summary>
    public string[] Columns => ["id", "data", "mt_version", "mt_dotnet_type", .. Duplicated.Select(d => d.Column)];

    /// <summary>
    /// The table as written without a session: every column above, and the time of writing (the upsert writes it, COPY
    /// leaves it to its default, the same transaction_timestamp()). Checked before anything is written (start-up, rebuild).
    /// </summary>
    public TableContract Contract => ViewColumns.ContractOf(Mapping);

    private static Type MemberType(MemberInfo member) => member switch
    {
        PropertyInfo p => p.PropertyType,
        FieldInfo f => f.FieldType,
        _ => throw new NotSupportedException(member.Name),
    };

    private static Func<TDoc, object?> Getter(MemberInfo[] members)
    {
        var document = Expression.Parameter(typeof(TDoc));
        Expression body = document;
        foreach (var member in members) body = Expression.MakeMemberAccess(body, member);
        return Expression.Lambda<Func<TDoc, object?>>(Expression.Convert(body, typeof(object)), document).Compile();
    }
}
