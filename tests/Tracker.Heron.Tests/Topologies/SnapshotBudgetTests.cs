using Tracker.Heron.Topologies;

namespace Tracker.Heron.Tests.Topologies;

public sealed class SnapshotBudgetTests
{
    [Fact]
    public void An_answer_is_rendered_once_while_it_fits_the_budget()
    {
        var budget = new SnapshotBudget<byte[]>(100, static b => b.LongLength);
        var slot = new BudgetSlot<byte[]>();
        var renders = 0;

        var first = budget.Get(slot, () => { renders++; return new byte[40]; });
        var second = budget.Get(slot, () => { renders++; return new byte[40]; });

        Assert.Same(first, second);
        Assert.Equal(1, renders);
        Assert.Equal(40, budget.Held);
    }

    [Fact]
    public void Over_the_budget_the_oldest_unused_answer_is_dropped_and_a_served_one_kept()
    {
        var budget = new SnapshotBudget<byte[]>(100, static b => b.LongLength);
        var (hot, cold, late) = (new BudgetSlot<byte[]>(), new BudgetSlot<byte[]>(), new BudgetSlot<byte[]>());
        var hotBytes = budget.Get(hot, () => new byte[40]);
        budget.Get(cold, () => new byte[40]);
        Assert.Same(hotBytes, budget.Get(hot, () => new byte[40]));

        budget.Get(late, () => new byte[40]);

        Assert.Equal(80, budget.Held);
        Assert.Same(hotBytes, hot.TryGet());
        Assert.Null(cold.TryGet());
        Assert.NotNull(late.TryGet());
    }

    [Fact]
    public void With_a_budget_of_zero_every_request_renders()
    {
        var budget = new SnapshotBudget<byte[]>(0, static b => b.LongLength);
        var slot = new BudgetSlot<byte[]>();
        var renders = 0;

        budget.Get(slot, () => { renders++; return [1]; });
        budget.Get(slot, () => { renders++; return [1]; });

        Assert.Equal(2, renders);
        Assert.Equal(0, budget.Held);
    }
}
