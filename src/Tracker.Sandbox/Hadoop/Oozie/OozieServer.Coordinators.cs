namespace Tracker.Sandbox.Hadoop.Oozie;

// Coordinators and bundles: demo jobs created whole, whose actions are scripted workflow jobs.
internal sealed partial class OozieServer
{
    public CoordinatorJobModel? FindCoordinator(string id)
    {
        lock (_gate)
        {
            return _coordinators.FirstOrDefault(c => c.Id == id);
        }
    }

    public IReadOnlyList<CoordinatorJobModel> AllCoordinators()
    {
        lock (_gate)
        {
            return _coordinators.ToArray();
        }
    }

    public BundleJobModel? FindBundle(string id)
    {
        lock (_gate)
        {
            return _bundles.FirstOrDefault(b => b.Id == id);
        }
    }

    public IReadOnlyList<BundleJobModel> AllBundles()
    {
        lock (_gate)
        {
            return _bundles.ToArray();
        }
    }

    /// <summary>
    /// Creates a demo coordinator running <paramref name="workflowName"/> every <paramref name="frequency"/> from
    /// <paramref name="start"/>: one action per entry of <paramref name="runs"/>, each materialising a scripted
    /// workflow job (whose <c>parentId</c> is the action) at its nominal time.
    /// </summary>
    public CoordinatorJobModel AddCoordinator(
        string user, string appName, string workflowName, IReadOnlyList<ScriptedJob> runs, DateTimeOffset start, TimeSpan frequency, string? bundleId = null)
    {
        var appPath = $"hdfs://sandbox/user/{user}/apps/{appName}";
        var conf = Configuration(new Dictionary<string, string>
        {
            ["user.name"] = user,
            ["oozie.coord.application.path"] = appPath,
            ["wfAppPath"] = $"hdfs://sandbox/user/{user}/apps/{workflowName}",
        });
        CoordinatorJobModel coordinator;
        lock (_gate)
        {
            coordinator = new CoordinatorJobModel(NewId('C'), appName, appPath, user, conf, start - TimeSpan.FromMinutes(1))
            {
                StartTime = start,
                EndTime = start + frequency * runs.Count,
                Frequency = frequency,
                BundleId = bundleId,
            };
            _coordinators.Add(coordinator);
        }

        for (var i = 0; i < runs.Count; i++)
        {
            var nominal = start + frequency * i;
            var workflow = AddScripted(user, workflowName, runs[i], nominal, parentId: $"{coordinator.Id}@{i + 1}");
            coordinator.Add(new CoordinatorActionModel(coordinator, i + 1, nominal, workflow));
        }

        return coordinator;
    }

    /// <summary>Creates a demo bundle whose coordinators <paramref name="addCoordinators"/> creates with the bundle's id.</summary>
    public BundleJobModel AddBundle(string user, string appName, DateTimeOffset kickoff, Func<string, IEnumerable<CoordinatorJobModel>> addCoordinators)
    {
        var appPath = $"hdfs://sandbox/user/{user}/apps/{appName}";
        BundleJobModel bundle;
        lock (_gate)
        {
            bundle = new BundleJobModel(NewId('B'), appName, appPath, user,
                Configuration(new Dictionary<string, string> { ["user.name"] = user, ["oozie.bundle.application.path"] = appPath }),
                kickoff - TimeSpan.FromMinutes(1))
            {
                KickoffTime = kickoff,
            };
            _bundles.Add(bundle);
        }

        bundle.Coordinators.AddRange(addCoordinators(bundle.Id));
        return bundle;
    }
}
