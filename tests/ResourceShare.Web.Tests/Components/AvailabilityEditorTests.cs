using Bunit;
using ResourceShare.Web.Api;
using ResourceShare.Web.Components.Pages.Listings;

namespace ResourceShare.Web.Tests.Components;

public sealed class AvailabilityEditorTests : ComponentTest
{
    [Fact]
    public void Windows_and_rules_are_posted_under_the_APIs_field_paths()
    {
        var schedule = new ScheduleForm
        {
            Windows = [new("2027-03-02", "18:00", "21:00"), new("2027-03-09", "18:00", "21:00")],
            Weekly = [new(["tuesday"], "18:00", "21:00", "2027-01-05", "2027-04-27", "2027-02-16")],
        };

        var editor = Context.Render<AvailabilityEditor>(p => p.Add(e => e.Schedule, schedule));

        Assert.Equal("2027-03-09", editor.Find("input[name='schedule.windows[1].date']").GetAttribute("value"));
        Assert.Equal("21:00", editor.Find("input[name='schedule.windows[1].to']").GetAttribute("value"));
        Assert.True(editor.Find("input[name='schedule.weekly[0].days'][value='tuesday']").HasAttribute("checked"));
        Assert.False(editor.Find("input[name='schedule.weekly[0].days'][value='monday']").HasAttribute("checked"));
        Assert.Equal("2027-02-16", editor.Find("input[name='schedule.weekly[0].excludedDates']").GetAttribute("value"));
        Assert.Equal(2, editor.FindAll("button[name='command'][value^='remove-window-']").Count);
    }

    [Fact]
    public void An_error_for_one_window_appears_in_that_window()
    {
        var schedule = new ScheduleForm { Windows = [new("2027-03-02", "18:00", "21:00"), new("2027-03-09", "21:00", "18:00")] };
        var errors = FormErrors.Of(400, null, new Dictionary<string, IReadOnlyList<string>>
        {
            ["schedule.windows[1].end"] = ["Das Ende muss nach dem Beginn liegen."],
        });

        var editor = Context.Render<AvailabilityEditor>(p => p.Add(e => e.Schedule, schedule).Add(e => e.Errors, errors));

        var rows = editor.FindAll(".schedule-row");
        Assert.DoesNotContain("invalid", rows[0].ClassList);
        Assert.Contains("invalid", rows[1].ClassList);
        Assert.Contains("Das Ende muss nach dem Beginn liegen.", rows[1].TextContent);
        Assert.Equal("f-schedule-windows-1", rows[1].Id);
    }

    [Fact]
    public void Berlin_times_become_instants_with_daylight_saving()
    {
        var schedule = new ScheduleForm
        {
            Windows = [new("2027-03-23", "18:00", "21:00"), new("2027-03-30", "18:00", "21:00"), new("2027-07-06", "22:00", "01:00")],
        };

        var dto = schedule.ToDto([]);

        Assert.Equal(DateTimeOffset.Parse("2027-03-23T17:00:00Z"), dto.Windows![0].Start);
        Assert.Equal(DateTimeOffset.Parse("2027-03-30T16:00:00Z"), dto.Windows[1].Start);
        Assert.Equal(DateTimeOffset.Parse("2027-03-30T19:00:00Z"), dto.Windows[1].End);
        Assert.Equal(DateTimeOffset.Parse("2027-07-06T23:00:00Z"), dto.Windows[2].End);
    }

    [Fact]
    public void Empty_rows_are_dropped_and_unreadable_ones_named()
    {
        var schedule = new ScheduleForm
        {
            Windows = [new("", "", ""), new("2027-03-02", "18:00", "")],
            Weekly = [new(["tuesday"], "18:00", "21:00", "2027-01-05", "2027-04-27", "16.02.2027, morgen")],
        };
        var unreadable = new Dictionary<string, IReadOnlyList<string>>();

        var dto = schedule.ToDto(unreadable);

        Assert.Empty(dto.Windows!);
        Assert.Empty(dto.Weekly!);
        Assert.Equal(["schedule.windows[1]", "schedule.weekly[0].excludedDates"], unreadable.Keys);
    }

    [Fact]
    public void A_weekly_rule_keeps_its_days_dates_and_exceptions()
    {
        var schedule = new ScheduleForm { Weekly = [new(["tuesday", "thursday"], "18:00", "20:00", "2027-01-05", "2027-04-27", "16.02.2027 2027-02-23")] };

        var rule = Assert.Single(schedule.ToDto([]).Weekly!);

        Assert.Equal(["tuesday", "thursday"], rule.Days!.Select(d => Wire.Name(d!.Value)));
        Assert.Equal("18:00", rule.From);
        Assert.Equal("2027-01-05", rule.StartDate.ToString());
        Assert.Equal(["2027-02-16", "2027-02-23"], rule.ExcludedDates!.Select(d => d.ToString()));
    }

    [Fact]
    public void The_editors_buttons_add_and_remove_rows()
    {
        var schedule = ScheduleForm.Empty();

        Assert.True(schedule.Apply("add-window"));
        Assert.True(schedule.Apply("add-rule"));
        Assert.True(schedule.Apply("remove-window-0"));
        Assert.False(schedule.Apply("remove-window-7"));
        Assert.False(schedule.Apply("save"));

        Assert.Single(schedule.Windows);
        Assert.Single(schedule.Weekly);
    }
}
