using System.Globalization;
using System.Reflection;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;
using YamlDotNet.Serialization;
using YamlDotNet.Serialization.NamingConventions;

namespace Vigil.Simulator.Scenarios;

// Part of ScenarioLoader: pass 1, the syntax and shape of the document.
public static partial class ScenarioLoader
{
    /// <summary>
    /// Pass 1: walks YamlDotNet's node tree against the shape of the file classes (<see cref="ScenarioFile"/>),
    /// reports unknown keys and values of the wrong shape with their lines, records the line of every path,
    /// drops what it reported, and deserializes what is left.
    /// </summary>
    private sealed partial class Reader
    {
        private YamlNode Document(string yaml)
        {
            var stream = new YamlStream();
            try
            {
                stream.Load(new StringReader(yaml));
            }
            catch (YamlException ex)
            {
                var detail = ex.InnerException?.Message ?? ex.Message;
                Fail(string.Empty, $"not valid YAML: {detail}", ex.Start.Line);
            }
            catch (InvalidOperationException)
            {
                // YamlDotNet's scanner throws this on some malformed input, e.g. an unclosed '[' before a key.
                Fail(string.Empty, "not valid YAML (an unclosed bracket or quote?)", null);
            }

            if (stream.Documents.Count > 1)
            {
                Problem(string.Empty, $"holds {stream.Documents.Count} YAML documents; a scenario file holds one", (int)stream.Documents[1].RootNode.Start.Line);
            }

            var root = stream.Documents.Count == 0 ? new YamlMappingNode() : stream.Documents[0].RootNode;
            if (root is not YamlMappingNode)
            {
                Fail(string.Empty, $"expected a mapping of keys (name:, duration:, faults:, ...), found {Describe(root)}", root.Start.Line);
            }

            return root;
        }

        /// <summary>The node with what is reported removed: unknown keys and values of the wrong shape. Null when the node itself is dropped.</summary>
        private YamlNode? Walk(YamlNode node, Type type, string path)
        {
            if (node is YamlScalarNode scalar && IsNull(scalar))
            {
                return node; // written but empty: the same as absent
            }

            if (type == typeof(string))
            {
                return node is YamlScalarNode ? node : Wrong(node, path, "a single value");
            }

            if (type.IsGenericType && type.GetGenericTypeDefinition() == typeof(List<>))
            {
                return WalkList(node, type.GetGenericArguments()[0], path);
            }

            if (type == typeof(Dictionary<string, string>))
            {
                return WalkFault(node, path);
            }

            if (node is not YamlMappingNode mapping)
            {
                return Wrong(node, path, "a mapping of keys");
            }

            var keys = KeysOf(type);
            var clean = new YamlMappingNode();
            foreach (var (keyNode, value) in mapping.Children)
            {
                if (Key(keyNode, path) is not { } key)
                {
                    continue;
                }

                var keyPath = Join(path, key);
                if (!keys.TryGetValue(key, out var property))
                {
                    var where = path.Length == 0 ? "at the top" : $"in {path}";
                    Problem(keyPath, $"unknown key '{key}'; the keys {where} are {string.Join(", ", keys.Keys)}");
                }
                else if (Walk(value, property.PropertyType, keyPath) is { } walked)
                {
                    clean.Add(keyNode, walked);
                }
            }

            return clean;
        }

        private YamlNode? WalkList(YamlNode node, Type item, string path)
        {
            if (node is not YamlSequenceNode sequence)
            {
                return Wrong(node, path, item == typeof(string) ? "a list, e.g. [0h, 26h]" : "a list of entries, each starting with '- '");
            }

            var clean = new YamlSequenceNode();
            var whole = true;
            for (var i = 0; i < sequence.Children.Count; i++)
            {
                var child = sequence.Children[i];
                var itemPath = $"{path}[{i}]";
                _lines[itemPath] = (int)child.Start.Line;
                if (item == typeof(string))
                {
                    if (child is YamlScalarNode)
                    {
                        clean.Add(child);
                    }
                    else
                    {
                        whole = Wrong(child, itemPath, "a single value") is not null;
                    }
                }
                else if (child is YamlScalarNode empty && IsNull(empty))
                {
                    Problem(itemPath, "empty entry");
                }
                else if (Walk(child, item, itemPath) is { } walked)
                {
                    clean.Add(walked);
                }
            }

            if (!whole)
            {
                _dropped.Add(path); // a list of values missing one would be misread: [from, to] without from
                return null;
            }

            return clean;
        }

        /// <summary>A fault: any keys (its kind decides which are allowed, in pass 2); values are single values or lists of them.</summary>
        private YamlNode? WalkFault(YamlNode node, string path)
        {
            if (node is not YamlMappingNode mapping)
            {
                return Wrong(node, path, "a mapping of keys (kind:, at:, and the kind's parameters)");
            }

            var clean = new YamlMappingNode();
            foreach (var (keyNode, value) in mapping.Children)
            {
                if (Key(keyNode, path) is not { } key)
                {
                    continue;
                }

                var keyPath = Join(path, key);
                if (value is YamlScalarNode)
                {
                    clean.Add(keyNode, value);
                }
                else if (value is YamlSequenceNode list && list.Children.All(c => c is YamlScalarNode s && !IsNull(s)))
                {
                    _listValues.Add(keyPath);
                    clean.Add(keyNode, new YamlScalarNode(string.Join(',', list.Children.Cast<YamlScalarNode>().Select(s => s.Value!.Trim()))) { Style = ScalarStyle.DoubleQuoted });
                }
                else
                {
                    Wrong(value, keyPath, "a single value or a list of values");
                }
            }

            return clean;
        }

        private string? Key(YamlNode keyNode, string path)
        {
            if (keyNode is YamlScalarNode { Value: { Length: > 0 } key })
            {
                _lines[Join(path, key)] = (int)keyNode.Start.Line;
                return key;
            }

            Problem(path, "keys must be plain names", (int)keyNode.Start.Line);
            return null;
        }

        private YamlNode? Wrong(YamlNode node, string path, string expected)
        {
            Problem(path, $"expected {expected}, found {Describe(node)}", (int)node.Start.Line);
            _dropped.Add(path);
            return null;
        }

        private ScenarioFile Deserialize(YamlMappingNode clean)
        {
            var deserializer = new DeserializerBuilder().WithNamingConvention(UnderscoredNamingConvention.Instance).Build();
            using var writer = new StringWriter(CultureInfo.InvariantCulture);
            new YamlStream(new YamlDocument(clean)).Save(writer, assignAnchors: false);
            try
            {
                return deserializer.Deserialize<ScenarioFile?>(writer.ToString()) ?? new ScenarioFile();
            }
            catch (YamlException ex)
            {
                // Pass 1 removed every value of the wrong shape, so this would be a loader bug; still report, don't crash.
                Problem(string.Empty, $"could not be read: {ex.InnerException?.Message ?? ex.Message}");
                return new ScenarioFile();
            }
        }
    }

    private static bool IsNull(YamlScalarNode scalar) =>
        (scalar.Style is ScalarStyle.Plain or ScalarStyle.Any) && (scalar.Value is null or "" or "~" or "null" or "Null" or "NULL");

    private static string Describe(YamlNode node) => node switch
    {
        YamlScalarNode scalar => IsNull(scalar) ? "nothing" : $"the value '{scalar.Value}'",
        YamlSequenceNode => "a list",
        YamlMappingNode => "a mapping",
        _ => "something else",
    };

    private static string Join(string path, string key) => path.Length == 0 ? key : $"{path}.{key}";

    private static Dictionary<string, PropertyInfo> KeysOf(Type type) =>
        type.GetProperties(BindingFlags.Public | BindingFlags.Instance)
            .ToDictionary(p => UnderscoredNamingConvention.Instance.Apply(p.Name), StringComparer.Ordinal);
}
