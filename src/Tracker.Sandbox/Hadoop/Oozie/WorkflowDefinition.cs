using System.Xml.Linq;

namespace Tracker.Sandbox.Hadoop.Oozie;

/// <summary>
/// A workflow definition (<c>workflow.xml</c>) read as Oozie reads it, for the nodes the sandbox runs:
/// start, action (shell actions executed, other types pretended), kill and end. Forks and decisions
/// are refused at submission, as an invalid definition would be. <c>global</c>'s job tracker and name node
/// apply to actions that name none.
/// </summary>
internal sealed record WorkflowDefinition(string Name, string StartTo, IReadOnlyDictionary<string, WorkflowNode> Nodes)
{
    public string? GlobalJobTracker { get; init; }

    public string? GlobalNameNode { get; init; }

    public static WorkflowDefinition Parse(string xml)
    {
        XDocument document;
        try
        {
            document = XDocument.Parse(xml);
        }
        catch (System.Xml.XmlException e)
        {
            throw new WorkflowDefinitionException($"E0701: XML schema error, {e.Message}");
        }

        var root = document.Root;
        if (root is null || root.Name.LocalName != "workflow-app" || !root.Name.NamespaceName.StartsWith("uri:oozie:workflow:", StringComparison.Ordinal))
        {
            throw new WorkflowDefinitionException("E0701: XML schema error, the root element must be <workflow-app xmlns=\"uri:oozie:workflow:0.x\">");
        }

        var name = (string?)root.Attribute("name") ?? throw new WorkflowDefinitionException("E0701: XML schema error, workflow-app has no name");
        var start = root.Elements().FirstOrDefault(e => e.Name.LocalName == "start")?.Attribute("to")?.Value
            ?? throw new WorkflowDefinitionException("E0701: XML schema error, no <start to=\"…\"/>");
        var nodes = new Dictionary<string, WorkflowNode>(StringComparer.Ordinal);
        foreach (var element in root.Elements())
        {
            var nodeName = (string?)element.Attribute("name");
            switch (element.Name.LocalName)
            {
                case "start" or "parameters" or "global" or "credentials":
                    continue;
                case "end":
                    nodes[nodeName!] = new EndNode(nodeName!);
                    break;
                case "kill":
                    nodes[nodeName!] = new KillNode(nodeName!, element.Elements().FirstOrDefault(e => e.Name.LocalName == "message")?.Value ?? "");
                    break;
                case "action":
                    var body = element.Elements().FirstOrDefault(e => e.Name.LocalName is not ("ok" or "error"))
                        ?? throw new WorkflowDefinitionException($"E0701: XML schema error, action {nodeName} has no body");
                    var ok = element.Elements().FirstOrDefault(e => e.Name.LocalName == "ok")?.Attribute("to")?.Value;
                    var error = element.Elements().FirstOrDefault(e => e.Name.LocalName == "error")?.Attribute("to")?.Value;
                    if (nodeName is null || ok is null || error is null)
                    {
                        throw new WorkflowDefinitionException($"E0701: XML schema error, action {nodeName} needs a name, <ok to> and <error to>");
                    }

                    nodes[nodeName] = new ActionNode(nodeName, body.Name.LocalName, body, ok, error);
                    break;
                default:
                    throw new WorkflowDefinitionException(
                        $"E0701: XML schema error, <{element.Name.LocalName}> nodes are not supported by the sandbox (start, action, kill, end are)");
            }
        }

        foreach (var target in nodes.Values.OfType<ActionNode>().SelectMany(a => new[] { a.Ok, a.Error }).Append(start))
        {
            if (!nodes.ContainsKey(target))
            {
                throw new WorkflowDefinitionException($"E0708: Invalid transition, node [{target}] is not defined");
            }
        }

        var global = root.Elements().FirstOrDefault(e => e.Name.LocalName == "global");
        string? GlobalChild(params string[] names) =>
            global?.Elements().FirstOrDefault(e => names.Contains(e.Name.LocalName))?.Value.Trim();
        return new WorkflowDefinition(name, start, nodes)
        {
            GlobalJobTracker = GlobalChild("job-tracker", "resource-manager"),
            GlobalNameNode = GlobalChild("name-node"),
        };
    }
}

internal abstract record WorkflowNode(string Name);

internal sealed record EndNode(string Name) : WorkflowNode(Name);

internal sealed record KillNode(string Name, string Message) : WorkflowNode(Name);

internal sealed record ActionNode(string Name, string Type, XElement Body, string Ok, string Error) : WorkflowNode(Name)
{
    public string? Child(string localName) => Body.Elements().FirstOrDefault(e => e.Name.LocalName == localName)?.Value.Trim();

    public IReadOnlyList<string> Children(string localName) =>
        Body.Elements().Where(e => e.Name.LocalName == localName).Select(e => e.Value.Trim()).ToArray();
}

internal sealed class WorkflowDefinitionException(string message) : Exception(message)
{
    public string ErrorCode => Message[..5];
}
