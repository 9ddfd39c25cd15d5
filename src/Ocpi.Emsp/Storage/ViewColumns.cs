using System.Linq.Expressions;
using System.Reflection;
using Marten;
using Marten.Schema;
using Npgsql;
using NpgsqlTypes;

namespace Ocpi.Emsp.Storage;

/// <summary>A duplicated field of a view: its column, its database type and how to read it off the document.</summary>
internal sealed record DuplicatedColumn<TDoc>(string Column, NpgsqlDbType Type, string PgType, Type ClrType, Func<TDoc, object?> Value);

/// <summary>
/// The columns of a view's table as Marten's own storage writes them: id, JSON document, revision, .NET type, the
/// duplicated fields, and the time of writing (the column's default). Used by whatever writes views without a Marten
/// session (the bulk rebuild, the group commit), so that a row looks exactly as if Marten had written it. A table
/// with a column this does not know (soft deletes, tenancy, a newer Marten's metadata) is refused rather than filled
/// wrongly.
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

    public async Task CheckTableAsync(NpgsqlConnection connection, CancellationToken ct)
    {
        await using var query = new NpgsqlCommand(
            "select column_name from information_schema.columns where table_schema = @schema and table_name = @table", connection);
        query.Parameters.AddWithValue("schema", Mapping.TableName.Schema);
        query.Parameters.AddWithValue("table", Mapping.TableName.Name);
        var unknown = new List<string>();
        var columns = Columns;
        await using (var reader = await query.ExecuteReaderAsync(ct))
            while (await reader.ReadAsync(ct))
                if (reader.GetString(0) is var column && column != "mt_last_modified" && !columns.Contains(column)) unknown.Add(column);
        if (unknown.Count > 0)
            throw new NotSupportedException($"{Mapping.TableName}: columns {string.Join(", ", unknown)} are not written without Marten's session.");
    }

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
