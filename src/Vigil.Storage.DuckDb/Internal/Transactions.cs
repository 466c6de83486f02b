using DuckDB.NET.Data;

namespace Vigil.Storage.DuckDb.Internal;

/// <summary>Runs work in one explicit transaction: committed when it returns, rolled back when it throws.</summary>
internal static class Transactions
{
    public static T Run<T>(DuckDBConnection connection, Func<DuckDBConnection, T> work)
    {
        var transaction = connection.BeginTransaction();
        try
        {
            var result = work(connection);
            transaction.Commit();
            return result;
        }
        catch
        {
            TryRollback(transaction);
            throw;
        }
        finally
        {
            transaction.Dispose();
        }
    }

    private static void TryRollback(DuckDBTransaction transaction)
    {
        try
        {
            transaction.Rollback();
        }
        catch (DuckDBException)
        {
            // A failed COMMIT has already ended the transaction; nothing is left to roll back.
        }
        catch (InvalidOperationException)
        {
            // The transaction was already completed.
        }
    }
}
