using System.Globalization;
using Vigil.Detectors.Drift.Internal;
using Vigil.Detectors.Tables;

namespace Vigil.Detectors.Drift;

/// <summary>
/// Compares a reference table with a current one column by column (docs/drift.md): infers each column's kind,
/// picks Evidently's default test unless one is given, applies the threshold, and reports the dataset as drifted when
/// the share of drifted columns reaches <see cref="DriftOptions.DriftShare"/>.
/// </summary>
/// <param name="embedder">Embeds text columns (MMD); without one, text columns are skipped.</param>
public sealed class DriftDetector(ITextEmbedder? embedder = null)
{
    /// <exception cref="DriftConfigurationException">The options do not fit the tables (unknown column, a test that does not fit a column, a value that is not a number).</exception>
    public DriftReport Compare(ColumnTable reference, ColumnTable current, DriftOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(reference);
        ArgumentNullException.ThrowIfNull(current);
        options ??= new DriftOptions();
        Validate(options, reference, current);
        var names = options.Columns
            ?? [.. reference.Columns.Select(c => c.Name).Union(current.Columns.Select(c => c.Name), StringComparer.Ordinal)];
        var results = new List<ColumnDriftResult>(names.Count);
        foreach (var name in names)
        {
            cancellationToken.ThrowIfCancellationRequested();
            results.Add(CompareColumn(reference, current, name, options, cancellationToken));
        }

        return new DriftReport { Columns = results, DriftShareThreshold = options.DriftShare };
    }

    private ColumnDriftResult CompareColumn(ColumnTable reference, ColumnTable current, string name, DriftOptions options, CancellationToken cancellationToken)
    {
        var refColumn = reference.Find(name);
        var curColumn = current.Find(name);
        if (refColumn is null || curColumn is null)
        {
            var present = refColumn ?? curColumn!;
            return new ColumnDriftResult
            {
                Column = name,
                Kind = ColumnKinds.Infer(present.Values, []),
                Test = DriftTest.Auto,
                Status = DriftStatus.Skipped,
                ReferenceCount = refColumn?.Values.Count(v => v is not null) ?? 0,
                CurrentCount = curColumn?.Values.Count(v => v is not null) ?? 0,
                Detail = refColumn is null ? $"only in the current table ({current.Source})" : $"only in the reference table ({reference.Source})",
            };
        }

        var own = options.For(name);
        var test = own.Test ?? DriftTest.Auto;
        var kind = own.Kind ?? (test == DriftTest.Mmd ? ColumnKind.Text : ColumnKinds.Infer(refColumn.Values, curColumn.Values));
        var r = ColumnSample.Of(reference, refColumn);
        var c = ColumnSample.Of(current, curColumn);
        CheckFit(name, kind, test, r, c);
        var (refCounts, curCounts) = ColumnTestRunner.Counts(r, c);
        var distinct = refCounts.Keys.Union(curCounts.Keys, StringComparer.Ordinal).Count();
        if (test == DriftTest.Auto)
        {
            test = DriftTests.Default(kind, distinct, r.Count);
        }

        var threshold = own.Threshold ?? DriftTests.DefaultThreshold(test);
        var result = new ColumnDriftResult
        {
            Column = name,
            Kind = kind,
            Test = test,
            Status = DriftStatus.Compared,
            Threshold = threshold,
            ReferenceCount = r.Count,
            CurrentCount = c.Count,
        };
        var smaller = r.Count <= c.Count ? ("reference", r.Count) : ("current sample", c.Count);
        if (smaller.Item2 < options.MinimumSampleSize)
        {
            return result with
            {
                Status = DriftStatus.InsufficientData,
                Detail = string.Create(CultureInfo.InvariantCulture, $"insufficient data: the {smaller.Item1} has {smaller.Item2} non-missing values, at least {options.MinimumSampleSize} are needed"),
            };
        }

        if (test == DriftTest.Mmd && embedder is null)
        {
            return result with { Status = DriftStatus.Skipped, Detail = "text column, but no text embedder was given" };
        }

        var outcome = ColumnTestRunner.Run(test, kind, r, c, options, embedder, cancellationToken);
        var score = outcome.PValue ?? outcome.Distance ?? outcome.Statistic;
        return result with
        {
            Statistic = outcome.Statistic,
            PValue = outcome.PValue,
            Distance = outcome.Distance,
            Drifted = DriftTests.IsDrift(test, score, threshold),
            Detail = outcome.Detail,
        };
    }

    /// <summary>A test must fit the column's kind: number tests need numbers, text only MMD, MMD only text.</summary>
    private static void CheckFit(string name, ColumnKind kind, DriftTest test, ColumnSample reference, ColumnSample current)
    {
        if (kind == ColumnKind.Text && test is not (DriftTest.Auto or DriftTest.Mmd))
        {
            throw new DriftConfigurationException(
                $"column '{name}' holds text, which only mmd compares; to compare it as categories or numbers, set its kind (categorical, numeric) as well");
        }

        if (test == DriftTest.Mmd && kind != ColumnKind.Text)
        {
            throw new DriftConfigurationException($"column '{name}' is {kind.ToString().ToLowerInvariant()}, and mmd compares text");
        }

        if (kind == ColumnKind.Numeric || test is DriftTest.Ks or DriftTest.Wasserstein)
        {
            var why = test is DriftTest.Ks or DriftTest.Wasserstein ? DriftTests.Name(test) : "a numeric column";
            reference.Numbers(why);
            current.Numbers(why);
        }
    }

    private static void Validate(DriftOptions options, ColumnTable reference, ColumnTable current)
    {
        var problems = new List<string>();
        if (options.DriftShare is <= 0 or > 1 or double.NaN)
        {
            problems.Add($"the drift share must be in (0, 1], not {options.DriftShare.ToString(CultureInfo.InvariantCulture)}");
        }

        if (options.MinimumSampleSize < 2)
        {
            problems.Add("the minimum sample size must be at least 2");
        }

        if (options.Permutations < 1 || options.MaxTextSample < 2 || options.MaxTextLength < 1)
        {
            problems.Add("text drift needs at least one permutation, a text sample of at least 2 and a text length of at least 1");
        }

        foreach (var name in options.Columns ?? [])
        {
            foreach (var table in new[] { reference, current }.Where(t => t.Find(name) is null))
            {
                problems.Add($"column '{name}' is not in {table.Source} (it has {string.Join(", ", table.Columns.Select(c => c.Name))})");
            }
        }

        foreach (var (name, own) in options.PerColumn.Append(new("*", options.Defaults)))
        {
            if (name != "*" && reference.Find(name) is null && current.Find(name) is null)
            {
                problems.Add($"an option names column '{name}', which neither table has");
            }

            if (own.Threshold is { } t && (double.IsNaN(t) || t < 0))
            {
                problems.Add($"column '{name}': the threshold must be a number ≥ 0");
            }
        }

        if (problems.Count > 0)
        {
            throw new DriftConfigurationException(string.Join("; ", problems));
        }
    }
}
