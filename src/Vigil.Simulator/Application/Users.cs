namespace Vigil.Simulator.Application;

/// <summary>A user of the application: an id, a locale segment, and their current session.</summary>
public sealed record User(string Id, string Segment);

/// <summary>
/// A fixed population of users across the locale segments; each request comes from one of them, in
/// a session that lasts until 30 minutes of silence, as web analytics count sessions.
/// </summary>
public sealed class UserPopulation
{
    private static readonly TimeSpan SessionGap = TimeSpan.FromMinutes(30);
    private readonly User[] _users;
    private readonly Dictionary<string, (string Session, DateTimeOffset Last, int Number)> _sessions = new(StringComparer.Ordinal);

    public UserPopulation(int seed, int count = 2_000)
    {
        var random = new Random(seed);
        _users = new User[count];
        for (var i = 0; i < count; i++)
        {
            _users[i] = new User($"u-{i + 1:D5}", Pick(random, Catalog.Segments, Catalog.SegmentShares));
        }
    }

    /// <summary>Draws a user (a few heavy users, a long tail: Zipf-like).</summary>
    public User Draw(Random random)
    {
        var rank = (int)Math.Floor(Math.Pow(random.NextDouble(), 2.2) * _users.Length);
        return _users[Math.Min(rank, _users.Length - 1)];
    }

    /// <summary>The user's session at <paramref name="now"/>: the running one, or a new one after a gap.</summary>
    public string SessionOf(User user, DateTimeOffset now)
    {
        if (_sessions.TryGetValue(user.Id, out var s) && now - s.Last < SessionGap)
        {
            _sessions[user.Id] = (s.Session, now, s.Number);
            return s.Session;
        }

        var number = s.Number + 1;
        var session = $"{user.Id}-s{number}";
        _sessions[user.Id] = (session, now, number);
        return session;
    }

    internal static T Pick<T>(Random random, IReadOnlyList<T> items, IReadOnlyList<double> weights)
    {
        var x = random.NextDouble() * weights.Sum();
        for (var i = 0; i < items.Count; i++)
        {
            x -= weights[i];
            if (x < 0)
            {
                return items[i];
            }
        }

        return items[^1];
    }
}
