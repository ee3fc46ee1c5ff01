using Tracker.Heron.Apis.Payloads;

namespace Tracker.Heron.Tests.Apis.Payloads;

public sealed class RenderedAnswerBudgetTests
{
    [Fact]
    public void An_answer_is_rendered_once_while_it_fits_the_budget()
    {
        var budget = new RenderedAnswerBudget(100);
        var slot = new RenderedSlot();
        var renders = 0;

        var first = budget.Get(slot, () => { renders++; return new byte[40]; });
        var second = budget.Get(slot, () => { renders++; return new byte[40]; });

        Assert.Same(first, second);
        Assert.Equal(1, renders);
        Assert.Equal(40, budget.HeldBytes);
    }

    [Fact]
    public void Over_the_budget_the_oldest_unused_answer_is_dropped_and_a_served_one_kept()
    {
        var budget = new RenderedAnswerBudget(100);
        var (hot, cold, late) = (new RenderedSlot(), new RenderedSlot(), new RenderedSlot());
        var hotBytes = budget.Get(hot, () => new byte[40]);
        budget.Get(cold, () => new byte[40]);
        Assert.Same(hotBytes, budget.Get(hot, () => new byte[40]));

        budget.Get(late, () => new byte[40]);

        Assert.Equal(80, budget.HeldBytes);
        Assert.Same(hotBytes, hot.TryGet());
        Assert.Null(cold.TryGet());
        Assert.NotNull(late.TryGet());
    }

    [Fact]
    public void With_a_budget_of_zero_every_request_renders()
    {
        var budget = new RenderedAnswerBudget(0);
        var slot = new RenderedSlot();
        var renders = 0;

        budget.Get(slot, () => { renders++; return [1]; });
        budget.Get(slot, () => { renders++; return [1]; });

        Assert.Equal(2, renders);
        Assert.Equal(0, budget.HeldBytes);
    }
}
