<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en">
<context>
    <name>cg::ActionForm</name>
    <message>
        <source>%1: case %2</source>
        <translation>%1: case %2</translation>
    </message>
    <message>
        <source>&lt;b&gt;%1&lt;/b&gt; · %2 · %3&lt;br&gt;%4</source>
        <translation>&lt;b&gt;%1&lt;/b&gt; · %2 · %3&lt;br&gt;%4</translation>
    </message>
    <message>
        <source>Result (required):</source>
        <translation>Result (required):</translation>
    </message>
    <message>
        <source>Reason (required):</source>
        <translation>Reason (required):</translation>
    </message>
    <message>
        <source>Comment (optional):</source>
        <translation>Comment (optional):</translation>
    </message>
    <message>
        <source>Say what was done or why; this goes into the case file.</source>
        <translation>Say what was done or why; this goes into the case file.</translation>
    </message>
    <message>
        <source>A note for the case file</source>
        <translation>A note for the case file</translation>
    </message>
    <message>
        <source>Responsible unit:</source>
        <translation>Responsible unit:</translation>
    </message>
    <message>
        <source>New due date (UTC+8):</source>
        <translation>New due date (UTC+8):</translation>
    </message>
    <message>
        <source>Current deadline: %1</source>
        <translation>Current deadline: %1</translation>
    </message>
    <message>
        <source>Resume on (UTC+8):</source>
        <translation>Resume on (UTC+8):</translation>
    </message>
    <message>
        <source>Closing type:</source>
        <translation>Closing type:</translation>
    </message>
    <message>
        <source>Urge level:</source>
        <translation>Urge level:</translation>
    </message>
    <message>
        <source>Add photos…</source>
        <translation>Add photos…</translation>
    </message>
    <message>
        <source>Remove</source>
        <translation>Remove</translation>
    </message>
    <message>
        <source>Photos:</source>
        <translation>Photos:</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>Cancel</translation>
    </message>
    <message>
        <source>Choose the responsible unit</source>
        <translation>Choose the responsible unit</translation>
    </message>
    <message>
        <source>%1 (suggested)</source>
        <translation>%1 (suggested)</translation>
    </message>
    <message>
        <source>Choose photos</source>
        <translation>Choose photos</translation>
    </message>
    <message>
        <source>Images (*.jpg *.jpeg *.png *.bmp *.gif *.webp)</source>
        <translation>Images (*.jpg *.jpeg *.png *.bmp *.gif *.webp)</translation>
    </message>
    <message>
        <source>Describe the result of the handling.</source>
        <translation>Describe the result of the handling.</translation>
    </message>
    <message>
        <source>Give the reason for &quot;%1&quot;.</source>
        <translation>Give the reason for &quot;%1&quot;.</translation>
    </message>
    <message>
        <source>Choose the responsible unit.</source>
        <translation>Choose the responsible unit.</translation>
    </message>
    <message>
        <source>The new due date must be later than the current deadline, %1.</source>
        <translation>The new due date must be later than the current deadline, %1.</translation>
    </message>
    <message>
        <source>The date must lie in the future.</source>
        <translation>The date must lie in the future.</translation>
    </message>
    <message>
        <source>The photo %1 cannot be read.</source>
        <translation>The photo %1 cannot be read.</translation>
    </message>
    <message>
        <source>&quot;%1&quot; is not possible now: %2</source>
        <translation>&quot;%1&quot; is not possible now: %2</translation>
    </message>
    <message>
        <source>%1
What you entered is kept; check it and send again.</source>
        <translation>%1
What you entered is kept; check it and send again.</translation>
    </message>
    <message>
        <source>%1
What you entered is kept, but &quot;%2&quot; is no longer possible.</source>
        <translation>%1
What you entered is kept, but &quot;%2&quot; is no longer possible.</translation>
    </message>
    <message>
        <source>Send again</source>
        <translation>Send again</translation>
    </message>
</context>
<context>
    <name>cg::BulkActionRunner</name>
    <message>
        <source>no responsible unit fits its class in its district; dispatch it on its own</source>
        <translation>no responsible unit fits its class in its district; dispatch it on its own</translation>
    </message>
</context>
<context>
    <name>cg::BulkSummary</name>
    <message>
        <source>&quot;%1&quot;: %2 of %3 cases done.</source>
        <translation>&quot;%1&quot;: %2 of %3 cases done.</translation>
    </message>
    <message numerus="yes">
        <source>Cancelled; %n case(s) not tried.</source>
        <translation>
            <numerusform>Cancelled; %n case not tried.</numerusform>
            <numerusform>Cancelled; %n cases not tried.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n refused:</source>
        <translation>
            <numerusform>%n refused:</numerusform>
            <numerusform>%n refused:</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>cg::CaseDock</name>
    <message>
        <source>No deadline runs</source>
        <translation>No deadline runs</translation>
    </message>
    <message>
        <source>%1 · %2</source>
        <translation>%1 · %2</translation>
    </message>
    <message>
        <source>Case</source>
        <translation>Case</translation>
    </message>
    <message>
        <source>Select a case in the queue to see it here.</source>
        <translation>Select a case in the queue to see it here.</translation>
    </message>
    <message>
        <source>Key supervision</source>
        <translation>Key supervision</translation>
    </message>
    <message>
        <source>Class:</source>
        <translation>Class:</translation>
    </message>
    <message>
        <source>Priority:</source>
        <translation>Priority:</translation>
    </message>
    <message>
        <source>Grid:</source>
        <translation>Grid:</translation>
    </message>
    <message>
        <source>Street / community:</source>
        <translation>Street / community:</translation>
    </message>
    <message>
        <source>Address:</source>
        <translation>Address:</translation>
    </message>
    <message>
        <source>Description:</source>
        <translation>Description:</translation>
    </message>
    <message>
        <source>Reported by:</source>
        <translation>Reported by:</translation>
    </message>
    <message>
        <source>Responsible unit:</source>
        <translation>Responsible unit:</translation>
    </message>
    <message>
        <source>Handling deadline:</source>
        <translation>Handling deadline:</translation>
    </message>
    <message>
        <source>Current step:</source>
        <translation>Current step:</translation>
    </message>
    <message>
        <source>Pending request:</source>
        <translation>Pending request:</translation>
    </message>
    <message>
        <source>Your actions</source>
        <translation>Your actions</translation>
    </message>
    <message>
        <source>Your role has no action on this case in its current state.</source>
        <translation>Your role has no action on this case in its current state.</translation>
    </message>
    <message>
        <source>The case cannot be shown:
%1</source>
        <translation>The case cannot be shown:
%1</translation>
    </message>
    <message>
        <source>%1 / %2 (%3)</source>
        <translation>%1 / %2 (%3)</translation>
    </message>
    <message>
        <source>%1 · hard case</source>
        <translation>%1 · hard case</translation>
    </message>
    <message>
        <source>%1 · %2 · version %3</source>
        <translation>%1 · %2 · version %3</translation>
    </message>
    <message>
        <source>%1 (owned by the %2 tier)</source>
        <translation>%1 (owned by the %2 tier)</translation>
    </message>
    <message>
        <source>%1 · %2 · %3</source>
        <translation>%1 · %2 · %3</translation>
    </message>
    <message>
        <source>System intake</source>
        <translation>System intake</translation>
    </message>
    <message>
        <source>Not dispatched</source>
        <translation>Not dispatched</translation>
    </message>
    <message>
        <source>Extension to %1</source>
        <translation>Extension to %1</translation>
    </message>
    <message>
        <source>Parking until %1</source>
        <translation>Parking until %1</translation>
    </message>
    <message>
        <source>Parked: %1 of handling time left</source>
        <translation>Parked: %1 of handling time left</translation>
    </message>
    <message>
        <source>%1; resumes %2</source>
        <translation>%1; resumes %2</translation>
    </message>
    <message>
        <source>%1 (%2)</source>
        <translation>%1 (%2)</translation>
    </message>
    <message>
        <source>Set when dispatched</source>
        <translation>Set when dispatched</translation>
    </message>
    <message>
        <source>%1 from dispatch</source>
        <translation>%1 from dispatch</translation>
    </message>
    <message>
        <source>No step clock runs</source>
        <translation>No step clock runs</translation>
    </message>
    <message>
        <source>Finished %1</source>
        <translation>Finished %1</translation>
    </message>
    <message>
        <source>&lt;b&gt;%1&lt;/b&gt; · %2 (%3)</source>
        <translation>&lt;b&gt;%1&lt;/b&gt; · %2 (%3)</translation>
    </message>
    <message>
        <source>%1 → %2</source>
        <translation>%1 → %2</translation>
    </message>
    <message>
        <source>%1 done on time</source>
        <translation>%1 done on time</translation>
    </message>
    <message>
        <source>%1 done late</source>
        <translation>%1 done late</translation>
    </message>
    <message>
        <source>%1: %2</source>
        <translation>%1: %2</translation>
    </message>
    <message>
        <source>Unit</source>
        <translation>Unit</translation>
    </message>
    <message>
        <source>Previous unit</source>
        <translation>Previous unit</translation>
    </message>
    <message>
        <source>Time limit</source>
        <translation>Time limit</translation>
    </message>
    <message>
        <source>Handling deadline</source>
        <translation>Handling deadline</translation>
    </message>
    <message>
        <source>Next step due</source>
        <translation>Next step due</translation>
    </message>
    <message>
        <source>Requested due date</source>
        <translation>Requested due date</translation>
    </message>
    <message>
        <source>Previous deadline</source>
        <translation>Previous deadline</translation>
    </message>
    <message>
        <source>Refused due date</source>
        <translation>Refused due date</translation>
    </message>
    <message>
        <source>Resumes on</source>
        <translation>Resumes on</translation>
    </message>
    <message>
        <source>Handling time left</source>
        <translation>Handling time left</translation>
    </message>
    <message>
        <source>Closing type</source>
        <translation>Closing type</translation>
    </message>
    <message>
        <source>Urge level</source>
        <translation>Urge level</translation>
    </message>
    <message>
        <source>Urged step</source>
        <translation>Urged step</translation>
    </message>
    <message>
        <source>Owning tier</source>
        <translation>Owning tier</translation>
    </message>
    <message>
        <source>Class</source>
        <translation>Class</translation>
    </message>
    <message>
        <source>%1 · stage %2 of %3: %4</source>
        <translation>%1 · stage %2 of %3: %4</translation>
    </message>
    <message>
        <source>Stage done</source>
        <translation>Stage done</translation>
    </message>
    <message>
        <source>Next stage</source>
        <translation>Next stage</translation>
    </message>
    <message>
        <source>Before</source>
        <translation>Before</translation>
    </message>
    <message>
        <source>After</source>
        <translation>After</translation>
    </message>
    <message>
        <source>%1 · %2
%3</source>
        <translation>%1 · %2
%3</translation>
    </message>
    <message>
        <source>%1 m</source>
        <translation>%1 m</translation>
    </message>
    <message>
        <source>Report…</source>
        <translation>Report…</translation>
    </message>
    <message>
        <source>Report a new problem</source>
        <translation>Report a new problem</translation>
    </message>
    <message>
        <source>Self-dispose…</source>
        <translation>Self-dispose…</translation>
    </message>
    <message>
        <source>Record a problem you fixed on the spot, with photos before and after</source>
        <translation>Record a problem you fixed on the spot, with photos before and after</translation>
    </message>
    <message>
        <source>Print case file…</source>
        <translation>Print case file…</translation>
    </message>
    <message>
        <source>Save the case file (案卷) as a PDF</source>
        <translation>Save the case file (案卷) as a PDF</translation>
    </message>
    <message>
        <source>Timeline</source>
        <translation>Timeline</translation>
    </message>
    <message>
        <source>Step</source>
        <translation>Step</translation>
    </message>
    <message>
        <source>Due</source>
        <translation>Due</translation>
    </message>
    <message>
        <source>Done / left</source>
        <translation>Done / left</translation>
    </message>
    <message>
        <source>Deadlines</source>
        <translation>Deadlines</translation>
    </message>
    <message>
        <source>Click a photo to see it large</source>
        <translation>Click a photo to see it large</translation>
    </message>
    <message>
        <source>Photos</source>
        <translation>Photos</translation>
    </message>
    <message>
        <source>Location</source>
        <translation>Location</translation>
    </message>
    <message>
        <source>State</source>
        <translation>State</translation>
    </message>
    <message>
        <source>Distance</source>
        <translation>Distance</translation>
    </message>
    <message>
        <source>Reported</source>
        <translation>Reported</translation>
    </message>
    <message>
        <source>Why</source>
        <translation>Why</translation>
    </message>
    <message>
        <source>Double-click a case to show it</source>
        <translation>Double-click a case to show it</translation>
    </message>
    <message>
        <source>Related</source>
        <translation>Related</translation>
    </message>
    <message>
        <source>Hotline</source>
        <translation>Hotline</translation>
    </message>
    <message>
        <source>Timeline (%1)</source>
        <translation>Timeline (%1)</translation>
    </message>
    <message>
        <source>done %1, on time</source>
        <translation>done %1, on time</translation>
    </message>
    <message>
        <source>done %1, %2 late</source>
        <translation>done %1, %2 late</translation>
    </message>
    <message>
        <source>%1 (now)</source>
        <translation>%1 (now)</translation>
    </message>
    <message>
        <source>Handling by the unit (%1)</source>
        <translation>Handling by the unit (%1)</translation>
    </message>
    <message>
        <source>Hotline %1 deadline</source>
        <translation>Hotline %1 deadline</translation>
    </message>
    <message>
        <source>The file %1 is missing from the store.</source>
        <translation>The file %1 is missing from the store.</translation>
    </message>
    <message>
        <source>%1 by %2</source>
        <translation>%1 by %2</translation>
    </message>
    <message>
        <source>No photos were attached to this case.</source>
        <translation>No photos were attached to this case.</translation>
    </message>
    <message>
        <source>%1 before, %2 after.</source>
        <translation>%1 before, %2 after.</translation>
    </message>
    <message>
        <source>Photos whose file is missing: %1.</source>
        <translation>Photos whose file is missing: %1.</translation>
    </message>
    <message>
        <source>Photos (%1)</source>
        <translation>Photos (%1)</translation>
    </message>
    <message>
        <source>within %1 m</source>
        <translation>within %1 m</translation>
    </message>
    <message>
        <source>same grid and class</source>
        <translation>same grid and class</translation>
    </message>
    <message>
        <source>Related (%1)</source>
        <translation>Related (%1)</translation>
    </message>
    <message>
        <source>Hotline:</source>
        <translation>Hotline:</translation>
    </message>
    <message>
        <source>Ticket:</source>
        <translation>Ticket:</translation>
    </message>
    <message>
        <source>%1 (round %2)</source>
        <translation>%1 (round %2)</translation>
    </message>
    <message>
        <source>Type:</source>
        <translation>Type:</translation>
    </message>
    <message>
        <source>Received:</source>
        <translation>Received:</translation>
    </message>
    <message>
        <source>Hotline deadline:</source>
        <translation>Hotline deadline:</translation>
    </message>
    <message>
        <source>First contact due:</source>
        <translation>First contact due:</translation>
    </message>
    <message>
        <source>First contact made:</source>
        <translation>First contact made:</translation>
    </message>
    <message>
        <source>not yet</source>
        <translation>not yet</translation>
    </message>
    <message>
        <source>Contact:</source>
        <translation>Contact:</translation>
    </message>
    <message>
        <source>none given</source>
        <translation>none given</translation>
    </message>
    <message>
        <source>Citizen&apos;s words:</source>
        <translation>Citizen&apos;s words:</translation>
    </message>
    <message>
        <source>Channel:</source>
        <translation>Channel:</translation>
    </message>
    <message>
        <source>Photos attached: %1</source>
        <translation>Photos attached: %1</translation>
    </message>
    <message>
        <source>%1 (%2 → %3)</source>
        <translation>%1 (%2 → %3)</translation>
    </message>
    <message>
        <source>Case %1 was changed meanwhile: %2 by %3 (%4) at %5. It is now &quot;%6&quot;.</source>
        <translation>Case %1 was changed meanwhile: %2 by %3 (%4) at %5. It is now &quot;%6&quot;.</translation>
    </message>
    <message>
        <source>Comment: %1</source>
        <translation>Comment: %1</translation>
    </message>
    <message>
        <source>Case %1 was changed meanwhile. It is now &quot;%2&quot;.</source>
        <translation>Case %1 was changed meanwhile. It is now &quot;%2&quot;.</translation>
    </message>
    <message>
        <source>Loading the photo…</source>
        <translation>Loading the photo…</translation>
    </message>
    <message>
        <source>The photo %1 cannot be shown: %2</source>
        <translation>The photo %1 cannot be shown: %2</translation>
    </message>
    <message>
        <source>%1 · %2 × %3 pixels</source>
        <translation>%1 · %2 × %3 pixels</translation>
    </message>
    <message>
        <source>case-file-%1.pdf</source>
        <translation>case-file-%1.pdf</translation>
    </message>
    <message>
        <source>Save the case file</source>
        <translation>Save the case file</translation>
    </message>
    <message>
        <source>PDF (*.pdf)</source>
        <translation>PDF (*.pdf)</translation>
    </message>
    <message>
        <source>No case is shown.</source>
        <translation>No case is shown.</translation>
    </message>
    <message>
        <source>Writing the case file…</source>
        <translation>Writing the case file…</translation>
    </message>
    <message>
        <source>The case file was not saved.</source>
        <translation>The case file was not saved.</translation>
    </message>
    <message>
        <source>Saved %1 (pages: %2).</source>
        <translation>Saved %1 (pages: %2).</translation>
    </message>
</context>
<context>
    <name>cg::CaseFilePdf</name>
    <message>
        <source>%1 · page %2</source>
        <translation>%1 · page %2</translation>
    </message>
    <message>
        <source>%1 (%2, %3)</source>
        <translation>%1 (%2, %3)</translation>
    </message>
    <message>
        <source>Before</source>
        <translation>Before</translation>
    </message>
    <message>
        <source>After</source>
        <translation>After</translation>
    </message>
    <message>
        <source>Case file %1</source>
        <translation>Case file %1</translation>
    </message>
    <message>
        <source>Case file (案卷) %1</source>
        <translation>Case file (案卷) %1</translation>
    </message>
    <message>
        <source>%1 / %2 (%3)</source>
        <translation>%1 / %2 (%3)</translation>
    </message>
    <message>
        <source>%1 · %2</source>
        <translation>%1 · %2</translation>
    </message>
    <message>
        <source>Printed %1 by %2</source>
        <translation>Printed %1 by %2</translation>
    </message>
    <message>
        <source>Facts</source>
        <translation>Facts</translation>
    </message>
    <message>
        <source>State</source>
        <translation>State</translation>
    </message>
    <message>
        <source>Class</source>
        <translation>Class</translation>
    </message>
    <message>
        <source>%1 · key supervision</source>
        <translation>%1 · key supervision</translation>
    </message>
    <message>
        <source>%1 · hard case</source>
        <translation>%1 · hard case</translation>
    </message>
    <message>
        <source>Priority</source>
        <translation>Priority</translation>
    </message>
    <message>
        <source>Source</source>
        <translation>Source</translation>
    </message>
    <message>
        <source>Grid</source>
        <translation>Grid</translation>
    </message>
    <message>
        <source>Street / community</source>
        <translation>Street / community</translation>
    </message>
    <message>
        <source>Address</source>
        <translation>Address</translation>
    </message>
    <message>
        <source>Position</source>
        <translation>Position</translation>
    </message>
    <message>
        <source>%1° E, %2° N (CGCS2000)</source>
        <translation>%1° E, %2° N (CGCS2000)</translation>
    </message>
    <message>
        <source>Description</source>
        <translation>Description</translation>
    </message>
    <message>
        <source>Reported</source>
        <translation>Reported</translation>
    </message>
    <message>
        <source>%1 by %2</source>
        <translation>%1 by %2</translation>
    </message>
    <message>
        <source>Responsible unit</source>
        <translation>Responsible unit</translation>
    </message>
    <message>
        <source>Not dispatched</source>
        <translation>Not dispatched</translation>
    </message>
    <message>
        <source>Handling deadline</source>
        <translation>Handling deadline</translation>
    </message>
    <message>
        <source>Current step</source>
        <translation>Current step</translation>
    </message>
    <message>
        <source>%1, due %2</source>
        <translation>%1, due %2</translation>
    </message>
    <message>
        <source>Finished</source>
        <translation>Finished</translation>
    </message>
    <message>
        <source>Counters</source>
        <translation>Counters</translation>
    </message>
    <message>
        <source>urges: %1 · extensions: %2 · reworks: %3 · version %4</source>
        <translation>urges: %1 · extensions: %2 · reworks: %3 · version %4</translation>
    </message>
    <message>
        <source>Hotline ticket</source>
        <translation>Hotline ticket</translation>
    </message>
    <message>
        <source>%1 · %2 (round %3)</source>
        <translation>%1 · %2 (round %3)</translation>
    </message>
    <message>
        <source>Hotline deadline</source>
        <translation>Hotline deadline</translation>
    </message>
    <message>
        <source>Contact</source>
        <translation>Contact</translation>
    </message>
    <message>
        <source>Location</source>
        <translation>Location</translation>
    </message>
    <message>
        <source>Timeline (events: %1)</source>
        <translation>Timeline (events: %1)</translation>
    </message>
    <message>
        <source>%1. %2 · %3 (%4) · %5</source>
        <translation>%1. %2 · %3 (%4) · %5</translation>
    </message>
    <message>
        <source>%1 → %2</source>
        <translation>%1 → %2</translation>
    </message>
    <message>
        <source>%1 done on time (due %2)</source>
        <translation>%1 done on time (due %2)</translation>
    </message>
    <message>
        <source>%1 done late (due %2)</source>
        <translation>%1 done late (due %2)</translation>
    </message>
    <message numerus="yes">
        <source>Photos (%n)</source>
        <translation>
            <numerusform>Photos (%n)</numerusform>
            <numerusform>Photos (%n)</numerusform>
        </translation>
    </message>
    <message>
        <source>Photo %1 is missing</source>
        <translation>Photo %1 is missing</translation>
    </message>
    <message>
        <source>%1 · %2 · %3 · %4</source>
        <translation>%1 · %2 · %3 · %4</translation>
    </message>
</context>
<context>
    <name>cg::CaseFormat</name>
    <message>
        <source>%1 d %2 h</source>
        <translation>%1 d %2 h</translation>
    </message>
    <message>
        <source>%1 h %2 min</source>
        <translation>%1 h %2 min</translation>
    </message>
    <message>
        <source>%1 min</source>
        <translation>%1 min</translation>
    </message>
    <message>
        <source>%1 left</source>
        <translation>%1 left</translation>
    </message>
    <message>
        <source>%1 overdue</source>
        <translation>%1 overdue</translation>
    </message>
    <message>
        <source>No deadline running</source>
        <translation>No deadline running</translation>
    </message>
    <message>
        <source>On time</source>
        <translation>On time</translation>
    </message>
    <message>
        <source>Due within 30 minutes</source>
        <translation>Due within 30 minutes</translation>
    </message>
    <message>
        <source>Overdue</source>
        <translation>Overdue</translation>
    </message>
    <message>
        <source>%1 working minutes</source>
        <translation>%1 working minutes</translation>
    </message>
    <message>
        <source>%1 working hours</source>
        <translation>%1 working hours</translation>
    </message>
    <message>
        <source>%1 working days</source>
        <translation>%1 working days</translation>
    </message>
    <message>
        <source>%1 minutes</source>
        <translation>%1 minutes</translation>
    </message>
    <message>
        <source>%1 hours</source>
        <translation>%1 hours</translation>
    </message>
    <message>
        <source>%1 days</source>
        <translation>%1 days</translation>
    </message>
    <message>
        <source>Normal</source>
        <translation>Normal</translation>
    </message>
    <message>
        <source>High</source>
        <translation>High</translation>
    </message>
    <message>
        <source>Urgent</source>
        <translation>Urgent</translation>
    </message>
    <message>
        <source>City</source>
        <translation>City</translation>
    </message>
    <message>
        <source>District</source>
        <translation>District</translation>
    </message>
    <message>
        <source>Street</source>
        <translation>Street</translation>
    </message>
    <message>
        <source>Community</source>
        <translation>Community</translation>
    </message>
    <message>
        <source>Area A</source>
        <translation>Area A</translation>
    </message>
    <message>
        <source>Area B</source>
        <translation>Area B</translation>
    </message>
    <message>
        <source>Area C</source>
        <translation>Area C</translation>
    </message>
    <message>
        <source>Rural area</source>
        <translation>Rural area</translation>
    </message>
</context>
<context>
    <name>cg::CaseMiniMap</name>
    <message>
        <source>Drawing the map…</source>
        <translation>Drawing the map…</translation>
    </message>
    <message>
        <source>The case has no position.</source>
        <translation>The case has no position.</translation>
    </message>
</context>
<context>
    <name>cg::CaseQueueModel</name>
    <message>
        <source>%1 · due %2</source>
        <translation>%1 · due %2</translation>
    </message>
    <message>
        <source>Key supervision: %1</source>
        <translation>Key supervision: %1</translation>
    </message>
    <message>
        <source>%1: %2 (%3)</source>
        <translation>%1: %2 (%3)</translation>
    </message>
    <message>
        <source>Case number</source>
        <translation>Case number</translation>
    </message>
    <message>
        <source>State</source>
        <translation>State</translation>
    </message>
    <message>
        <source>Current step</source>
        <translation>Current step</translation>
    </message>
    <message>
        <source>Class</source>
        <translation>Class</translation>
    </message>
    <message>
        <source>Street / community</source>
        <translation>Street / community</translation>
    </message>
    <message>
        <source>Source</source>
        <translation>Source</translation>
    </message>
    <message>
        <source>Reported at</source>
        <translation>Reported at</translation>
    </message>
    <message>
        <source>Responsible unit</source>
        <translation>Responsible unit</translation>
    </message>
</context>
<context>
    <name>cg::CaseQueueWidget</name>
    <message>
        <source>All states</source>
        <translation>All states</translation>
    </message>
    <message>
        <source>Any step, on time or not</source>
        <translation>Any step, on time or not</translation>
    </message>
    <message>
        <source>Overdue in any step</source>
        <translation>Overdue in any step</translation>
    </message>
    <message>
        <source>Overdue: %1</source>
        <translation>Overdue: %1</translation>
    </message>
    <message>
        <source>Search case number, address or description</source>
        <translation>Search case number, address or description</translation>
    </message>
    <message>
        <source>&amp;State:</source>
        <translation>&amp;State:</translation>
    </message>
    <message>
        <source>&amp;Deadline:</source>
        <translation>&amp;Deadline:</translation>
    </message>
    <message>
        <source>Loading…</source>
        <translation>Loading…</translation>
    </message>
    <message>
        <source>%1 of %2 cases loaded</source>
        <translation>%1 of %2 cases loaded</translation>
    </message>
    <message>
        <source>All classes</source>
        <translation>All classes</translation>
    </message>
    <message>
        <source>All streets</source>
        <translation>All streets</translation>
    </message>
    <message>
        <source>All units</source>
        <translation>All units</translation>
    </message>
    <message>
        <source>All sources</source>
        <translation>All sources</translation>
    </message>
    <message>
        <source>Normal priority</source>
        <translation>Normal priority</translation>
    </message>
    <message>
        <source>High priority</source>
        <translation>High priority</translation>
    </message>
    <message>
        <source>Urgent</source>
        <translation>Urgent</translation>
    </message>
    <message>
        <source>Any priority</source>
        <translation>Any priority</translation>
    </message>
    <message>
        <source>Reported today</source>
        <translation>Reported today</translation>
    </message>
    <message>
        <source>Last 7 days</source>
        <translation>Last 7 days</translation>
    </message>
    <message>
        <source>Last 30 days</source>
        <translation>Last 30 days</translation>
    </message>
    <message>
        <source>Any time</source>
        <translation>Any time</translation>
    </message>
    <message>
        <source>Oldest first</source>
        <translation>Oldest first</translation>
    </message>
    <message>
        <source>Due first</source>
        <translation>Due first</translation>
    </message>
    <message>
        <source>Newest first</source>
        <translation>Newest first</translation>
    </message>
    <message>
        <source>Only cases of this class</source>
        <translation>Only cases of this class</translation>
    </message>
    <message>
        <source>Only cases in this street</source>
        <translation>Only cases in this street</translation>
    </message>
    <message>
        <source>Only cases dispatched to this unit</source>
        <translation>Only cases dispatched to this unit</translation>
    </message>
    <message>
        <source>Only cases from this channel</source>
        <translation>Only cases from this channel</translation>
    </message>
    <message>
        <source>Only cases reported in this period</source>
        <translation>Only cases reported in this period</translation>
    </message>
    <message>
        <source>Order of the queue</source>
        <translation>Order of the queue</translation>
    </message>
    <message>
        <source>Dispatch selected…</source>
        <translation>Dispatch selected…</translation>
    </message>
    <message>
        <source>Dispatch every selected case, one request per case (Ctrl+Shift+D)</source>
        <translation>Dispatch every selected case, one request per case (Ctrl+Shift+D)</translation>
    </message>
    <message>
        <source>Urge selected…</source>
        <translation>Urge selected…</translation>
    </message>
    <message>
        <source>Urge every selected case, one request per case (Ctrl+Shift+U)</source>
        <translation>Urge every selected case, one request per case (Ctrl+Shift+U)</translation>
    </message>
    <message>
        <source>Comment:</source>
        <translation>Comment:</translation>
    </message>
    <message>
        <source>Bulk action</source>
        <translation>Bulk action</translation>
    </message>
    <message>
        <source>The suggested unit of each case</source>
        <translation>The suggested unit of each case</translation>
    </message>
    <message numerus="yes">
        <source>Dispatch %n case(s)</source>
        <translation>
            <numerusform>Dispatch %n case</numerusform>
            <numerusform>Dispatch %n cases</numerusform>
        </translation>
    </message>
    <message>
        <source>Unit:</source>
        <translation>Unit:</translation>
    </message>
    <message numerus="yes">
        <source>Urge %n case(s)</source>
        <translation>
            <numerusform>Urge %n case</numerusform>
            <numerusform>Urge %n cases</numerusform>
        </translation>
    </message>
    <message>
        <source>Level:</source>
        <translation>Level:</translation>
    </message>
</context>
<context>
    <name>cg::ConnectionDialog</name>
    <message>
        <source>Connect to a CityGrid server</source>
        <translation>Connect to a CityGrid server</translation>
    </message>
    <message>
        <source>No encryption</source>
        <translation>No encryption</translation>
    </message>
    <message>
        <source>Encrypt if the server can</source>
        <translation>Encrypt if the server can</translation>
    </message>
    <message>
        <source>Always encrypt</source>
        <translation>Always encrypt</translation>
    </message>
    <message>
        <source>Encrypt and check the server&apos;s certificate</source>
        <translation>Encrypt and check the server&apos;s certificate</translation>
    </message>
    <message>
        <source>Encrypt and check the server&apos;s certificate and name</source>
        <translation>Encrypt and check the server&apos;s certificate and name</translation>
    </message>
    <message>
        <source>CA certificate file, for the two checking modes</source>
        <translation>CA certificate file, for the two checking modes</translation>
    </message>
    <message>
        <source>&amp;Host:</source>
        <translation>&amp;Host:</translation>
    </message>
    <message>
        <source>P&amp;ort:</source>
        <translation>P&amp;ort:</translation>
    </message>
    <message>
        <source>&amp;Database:</source>
        <translation>&amp;Database:</translation>
    </message>
    <message>
        <source>&amp;User:</source>
        <translation>&amp;User:</translation>
    </message>
    <message>
        <source>&amp;TLS:</source>
        <translation>&amp;TLS:</translation>
    </message>
    <message>
        <source>&amp;CA file:</source>
        <translation>&amp;CA file:</translation>
    </message>
    <message>
        <source>Connect</source>
        <translation>Connect</translation>
    </message>
</context>
<context>
    <name>cg::DesktopApp</name>
    <message>
        <source>Generating the demo city into %1…
This happens once, on the first start.</source>
        <translation>Generating the demo city into %1…
This happens once, on the first start.</translation>
    </message>
    <message>
        <source>CityGrid</source>
        <translation>CityGrid</translation>
    </message>
    <message>
        <source>Opening the store %1…</source>
        <translation>Opening the store %1…</translation>
    </message>
    <message>
        <source>The store %1 cannot be opened: %2</source>
        <translation>The store %1 cannot be opened: %2</translation>
    </message>
    <message>
        <source>The store %1 cannot be opened.</source>
        <translation>The store %1 cannot be opened.</translation>
    </message>
    <message>
        <source>Choose another store…</source>
        <translation>Choose another store…</translation>
    </message>
    <message>
        <source>Quit</source>
        <translation>Quit</translation>
    </message>
    <message>
        <source>Choose a CityGrid store (a new file becomes a new store with the demo city)</source>
        <translation>Choose a CityGrid store (a new file becomes a new store with the demo city)</translation>
    </message>
    <message>
        <source>CityGrid stores (*.sqlite *.db);;All files (*)</source>
        <translation>CityGrid stores (*.sqlite *.db);;All files (*)</translation>
    </message>
    <message>
        <source>the user belongs to no responsible unit</source>
        <translation>the user belongs to no responsible unit</translation>
    </message>
    <message>
        <source>the user is not active</source>
        <translation>the user is not active</translation>
    </message>
    <message>
        <source>%1 cannot log in: %2</source>
        <translation>%1 cannot log in: %2</translation>
    </message>
    <message>
        <source>The queue cannot be loaded: %1</source>
        <translation>The queue cannot be loaded: %1</translation>
    </message>
    <message>
        <source>The screenshot cannot be saved to %1.</source>
        <translation>The screenshot cannot be saved to %1.</translation>
    </message>
    <message>
        <source>The queue, the first case and the map did not load within %1 s.</source>
        <translation>The queue, the first case and the map did not load within %1 s.</translation>
    </message>
    <message>
        <source>Connect to a server…</source>
        <translation>Connect to a server…</translation>
    </message>
    <message>
        <source>--user %1 does not match the server login %2 of this connection</source>
        <translation>--user %1 does not match the server login %2 of this connection</translation>
    </message>
    <message>
        <source>The wall console did not load within %1 s.</source>
        <translation>The wall console did not load within %1 s.</translation>
    </message>
</context>
<context>
    <name>cg::DesktopOptions</name>
    <message>
        <source>CityGrid command centre: case queue and case dock of urban grid management.</source>
        <translation>CityGrid command centre: case queue and case dock of urban grid management.</translation>
    </message>
    <message>
        <source>FILE</source>
        <translation>FILE</translation>
    </message>
    <message>
        <source>Log in as LOGIN without the login dialog.</source>
        <translation>Log in as LOGIN without the login dialog.</translation>
    </message>
    <message>
        <source>LOGIN</source>
        <translation>LOGIN</translation>
    </message>
    <message>
        <source>Language of the window: zh_CN or en (default: the system&apos;s).</source>
        <translation>Language of the window: zh_CN or en (default: the system&apos;s).</translation>
    </message>
    <message>
        <source>LANG</source>
        <translation>LANG</translation>
    </message>
    <message>
        <source>Once the queue and the first case are loaded, save the window to FILE (PNG) and quit.</source>
        <translation>Once the queue and the first case are loaded, save the window to FILE (PNG) and quit.</translation>
    </message>
    <message>
        <source>Number of cases of the demo city generated into an empty store (default: 20000).</source>
        <translation>Number of cases of the demo city generated into an empty store (default: 20000).</translation>
    </message>
    <message>
        <source>N</source>
        <translation>N</translation>
    </message>
    <message>
        <source>--lang %1 is not available; use zh_CN or en.</source>
        <translation>--lang %1 is not available; use zh_CN or en.</translation>
    </message>
    <message>
        <source>--demo-cases %1 is not a number of cases (0 or more).</source>
        <translation>--demo-cases %1 is not a number of cases (0 or more).</translation>
    </message>
    <message>
        <source>Unexpected argument: %1</source>
        <translation>Unexpected argument: %1</translation>
    </message>
    <message>
        <source>With --screenshot: show the map at VIEW: city (every grid), district or street (around the first case).</source>
        <translation>With --screenshot: show the map at VIEW: city (every grid), district or street (around the first case).</translation>
    </message>
    <message>
        <source>VIEW</source>
        <translation>VIEW</translation>
    </message>
    <message>
        <source>Basemap under the grids: an XYZ tile URL such as http://tiles.example/{z}/{x}/{y}.png, or an offline .mbtiles file.</source>
        <translation>Basemap under the grids: an XYZ tile URL such as http://tiles.example/{z}/{x}/{y}.png, or an offline .mbtiles file.</translation>
    </message>
    <message>
        <source>SOURCE</source>
        <translation>SOURCE</translation>
    </message>
    <message>
        <source>--map-view %1 is not a view; use city, district or street.</source>
        <translation>--map-view %1 is not a view; use city, district or street.</translation>
    </message>
    <message>
        <source>Open the store FILE, or the shared store at postgresql://user:password@host:port/database?sslmode=require (default: %1).</source>
        <translation>Open the store FILE, or the shared store at postgresql://user:password@host:port/database?sslmode=require (default: %1).</translation>
    </message>
    <message>
        <source>FILE|URL</source>
        <translation>FILE|URL</translation>
    </message>
    <message>
        <source>Show the wall console (full screen, read only) instead of the command centre window.</source>
        <translation>Show the wall console (full screen, read only) instead of the command centre window.</translation>
    </message>
    <message>
        <source>--store needs a file name or a postgresql:// URL.</source>
        <translation>--store needs a file name or a postgresql:// URL.</translation>
    </message>
</context>
<context>
    <name>cg::DispatchPanel</name>
    <message>
        <source>Filed cases to dispatch:</source>
        <translation>Filed cases to dispatch:</translation>
    </message>
    <message>
        <source>Dispatch</source>
        <translation>Dispatch</translation>
    </message>
    <message>
        <source>Suggested units (best first):</source>
        <translation>Suggested units (best first):</translation>
    </message>
    <message>
        <source>Dispatch to %1</source>
        <translation>Dispatch to %1</translation>
    </message>
    <message>
        <source>This panel shows a jurisdiction&apos;s cases; %1 belongs to none.</source>
        <translation>This panel shows a jurisdiction&apos;s cases; %1 belongs to none.</translation>
    </message>
    <message numerus="yes">
        <source>Filed cases to dispatch: %n waiting for a unit</source>
        <translation>
            <numerusform>Filed cases to dispatch: %n waiting for a unit</numerusform>
            <numerusform>Filed cases to dispatch: %n waiting for a unit</numerusform>
        </translation>
    </message>
    <message>
        <source>Case %1: %2
%3 %4</source>
        <translation>Case %1: %2
%3 %4</translation>
    </message>
    <message>
        <source>Component %1 (%2 m away) is owned by a unit.</source>
        <translation>Component %1 (%2 m away) is owned by a unit.</translation>
    </message>
    <message>
        <source>Handling deadline if dispatched now: %1 (limit %2)</source>
        <translation>Handling deadline if dispatched now: %1 (limit %2)</translation>
    </message>
    <message>
        <source>Case %1 dispatched; handling deadline %2.</source>
        <translation>Case %1 dispatched; handling deadline %2.</translation>
    </message>
    <message>
        <source>Handling deadline: %1</source>
        <translation>Handling deadline: %1</translation>
    </message>
</context>
<context>
    <name>cg::DispatchQueueModel</name>
    <message>
        <source>Case</source>
        <translation>Case</translation>
    </message>
    <message>
        <source>Class</source>
        <translation>Class</translation>
    </message>
    <message>
        <source>Street</source>
        <translation>Street</translation>
    </message>
    <message>
        <source>Dispatch due</source>
        <translation>Dispatch due</translation>
    </message>
</context>
<context>
    <name>cg::Duplicates</name>
    <message>
        <source>Merged into case %1 (duplicate report)</source>
        <translation>Merged into case %1 (duplicate report)</translation>
    </message>
</context>
<context>
    <name>cg::DuplicatesModel</name>
    <message>
        <source>Pending</source>
        <translation>Pending</translation>
    </message>
    <message>
        <source>Merged</source>
        <translation>Merged</translation>
    </message>
    <message>
        <source>Separated</source>
        <translation>Separated</translation>
    </message>
    <message>
        <source>%1 (%2)</source>
        <translation>%1 (%2)</translation>
    </message>
    <message>
        <source>%1 m</source>
        <translation>%1 m</translation>
    </message>
    <message>
        <source>Report</source>
        <translation>Report</translation>
    </message>
    <message>
        <source>Main case</source>
        <translation>Main case</translation>
    </message>
    <message>
        <source>Class</source>
        <translation>Class</translation>
    </message>
    <message>
        <source>Distance</source>
        <translation>Distance</translation>
    </message>
    <message>
        <source>Detected</source>
        <translation>Detected</translation>
    </message>
    <message>
        <source>State</source>
        <translation>State</translation>
    </message>
</context>
<context>
    <name>cg::DuplicatesPanel</name>
    <message>
        <source>Merged into the main case.</source>
        <translation>Merged into the main case.</translation>
    </message>
    <message>
        <source>Kept as a case of its own.</source>
        <translation>Kept as a case of its own.</translation>
    </message>
    <message>
        <source>Pending</source>
        <translation>Pending</translation>
    </message>
    <message>
        <source>Merged</source>
        <translation>Merged</translation>
    </message>
    <message>
        <source>Separated</source>
        <translation>Separated</translation>
    </message>
    <message>
        <source>All</source>
        <translation>All</translation>
    </message>
    <message>
        <source>Merge</source>
        <translation>Merge</translation>
    </message>
    <message>
        <source>Close the report as a duplicate of its main case; its reporters get the main case&apos;s result</source>
        <translation>Close the report as a duplicate of its main case; its reporters get the main case&apos;s result</translation>
    </message>
    <message>
        <source>Separate</source>
        <translation>Separate</translation>
    </message>
    <message>
        <source>Not the same problem: keep the report as a case of its own</source>
        <translation>Not the same problem: keep the report as a case of its own</translation>
    </message>
</context>
<context>
    <name>cg::EscalationModel</name>
    <message>
        <source>When</source>
        <translation>When</translation>
    </message>
    <message>
        <source>Case</source>
        <translation>Case</translation>
    </message>
    <message>
        <source>Class</source>
        <translation>Class</translation>
    </message>
    <message>
        <source>Tiers</source>
        <translation>Tiers</translation>
    </message>
    <message>
        <source>By</source>
        <translation>By</translation>
    </message>
    <message>
        <source>Comment</source>
        <translation>Comment</translation>
    </message>
</context>
<context>
    <name>cg::Evaluation</name>
    <message>
        <source>Effective report rate</source>
        <translation>Effective report rate</translation>
    </message>
    <message>
        <source>Miss rate</source>
        <translation>Miss rate</translation>
    </message>
    <message>
        <source>On-time verify rate</source>
        <translation>On-time verify rate</translation>
    </message>
    <message>
        <source>On-time check rate</source>
        <translation>On-time check rate</translation>
    </message>
    <message>
        <source>On-time accept rate</source>
        <translation>On-time accept rate</translation>
    </message>
    <message>
        <source>On-time filing rate</source>
        <translation>On-time filing rate</translation>
    </message>
    <message>
        <source>Accurate filing rate</source>
        <translation>Accurate filing rate</translation>
    </message>
    <message>
        <source>On-time dispatch rate</source>
        <translation>On-time dispatch rate</translation>
    </message>
    <message>
        <source>Accurate dispatch rate</source>
        <translation>Accurate dispatch rate</translation>
    </message>
    <message>
        <source>Handling rate</source>
        <translation>Handling rate</translation>
    </message>
    <message>
        <source>On-time handling rate</source>
        <translation>On-time handling rate</translation>
    </message>
    <message>
        <source>Closing rate</source>
        <translation>Closing rate</translation>
    </message>
    <message>
        <source>On-time closing rate</source>
        <translation>On-time closing rate</translation>
    </message>
    <message>
        <source>Rework rate</source>
        <translation>Rework rate</translation>
    </message>
    <message>
        <source>Overdue-open rate</source>
        <translation>Overdue-open rate</translation>
    </message>
    <message>
        <source>Extension rate</source>
        <translation>Extension rate</translation>
    </message>
    <message>
        <source>Grid supervisors</source>
        <translation>Grid supervisors</translation>
    </message>
    <message>
        <source>Acceptors</source>
        <translation>Acceptors</translation>
    </message>
    <message>
        <source>Shift leaders</source>
        <translation>Shift leaders</translation>
    </message>
    <message>
        <source>Dispatchers</source>
        <translation>Dispatchers</translation>
    </message>
    <message>
        <source>Responsible units</source>
        <translation>Responsible units</translation>
    </message>
    <message>
        <source>Unit grids</source>
        <translation>Unit grids</translation>
    </message>
    <message>
        <source>Responsibility grids</source>
        <translation>Responsibility grids</translation>
    </message>
    <message>
        <source>Communities</source>
        <translation>Communities</translation>
    </message>
    <message>
        <source>Streets</source>
        <translation>Streets</translation>
    </message>
    <message>
        <source>Districts</source>
        <translation>Districts</translation>
    </message>
</context>
<context>
    <name>cg::EvaluationModel</name>
    <message>
        <source>Not applicable (nothing due), left out of the score: %1</source>
        <translation>Not applicable (nothing due), left out of the score: %1</translation>
    </message>
    <message>
        <source>n/a</source>
        <translation>n/a</translation>
    </message>
    <message>
        <source>Rank</source>
        <translation>Rank</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>Name</translation>
    </message>
    <message>
        <source>Code</source>
        <translation>Code</translation>
    </message>
    <message>
        <source>Points</source>
        <translation>Points</translation>
    </message>
    <message>
        <source>Grade</source>
        <translation>Grade</translation>
    </message>
    <message>
        <source>Change</source>
        <translation>Change</translation>
    </message>
    <message>
        <source>Previous rank</source>
        <translation>Previous rank</translation>
    </message>
</context>
<context>
    <name>cg::EvaluationPanel</name>
    <message>
        <source>Loading…</source>
        <translation>Loading…</translation>
    </message>
    <message numerus="yes">
        <source>%n row(s), %1 compared with %2</source>
        <translation>
            <numerusform>%n row, %1 compared with %2</numerusform>
            <numerusform>%n rows, %1 compared with %2</numerusform>
        </translation>
    </message>
    <message>
        <source>Loading the cases of %1…</source>
        <translation>Loading the cases of %1…</translation>
    </message>
    <message>
        <source>Case id %1</source>
        <translation>Case id %1</translation>
    </message>
    <message numerus="yes">
        <source>%n case(s) in %1 with events in %2</source>
        <translation>
            <numerusform>%n case in %1 with events in %2</numerusform>
            <numerusform>%n cases in %1 with events in %2</numerusform>
        </translation>
    </message>
    <message>
        <source>Everywhere</source>
        <translation>Everywhere</translation>
    </message>
    <message>
        <source>Within %1</source>
        <translation>Within %1</translation>
    </message>
    <message>
        <source>Day</source>
        <translation>Day</translation>
    </message>
    <message>
        <source>Week</source>
        <translation>Week</translation>
    </message>
    <message>
        <source>Month</source>
        <translation>Month</translation>
    </message>
    <message>
        <source>Quarter</source>
        <translation>Quarter</translation>
    </message>
    <message>
        <source>Previous period</source>
        <translation>Previous period</translation>
    </message>
    <message>
        <source>Next period</source>
        <translation>Next period</translation>
    </message>
    <message>
        <source>2026-10, 2026-W43, 2026-Q4, 2026-10-31 or 2026-10-01..2026-10-15</source>
        <translation>2026-10, 2026-W43, 2026-Q4, 2026-10-31 or 2026-10-01..2026-10-15</translation>
    </message>
    <message>
        <source>Up</source>
        <translation>Up</translation>
    </message>
</context>
<context>
    <name>cg::FeaturePanels</name>
    <message>
        <source>Dispatch</source>
        <translation>Dispatch</translation>
    </message>
    <message>
        <source>Supervision</source>
        <translation>Supervision</translation>
    </message>
    <message>
        <source>Inspection</source>
        <translation>Inspection</translation>
    </message>
    <message>
        <source>Statistics</source>
        <translation>Statistics</translation>
    </message>
    <message>
        <source>Possible duplicates</source>
        <translation>Possible duplicates</translation>
    </message>
    <message>
        <source>Evaluation</source>
        <translation>Evaluation</translation>
    </message>
</context>
<context>
    <name>cg::Inspection</name>
    <message>
        <source>Day shift</source>
        <translation>Day shift</translation>
    </message>
    <message>
        <source>Night shift</source>
        <translation>Night shift</translation>
    </message>
</context>
<context>
    <name>cg::InspectionPanel</name>
    <message>
        <source>Assign to suggested</source>
        <translation>Assign to suggested</translation>
    </message>
    <message>
        <source>Double-click a slot to put a supervisor on duty there</source>
        <translation>Double-click a slot to put a supervisor on duty there</translation>
    </message>
    <message>
        <source>Verify and check tasks (drag onto a supervisor to reassign):</source>
        <translation>Verify and check tasks (drag onto a supervisor to reassign):</translation>
    </message>
    <message>
        <source>Supervisors:</source>
        <translation>Supervisors:</translation>
    </message>
    <message>
        <source>This panel shows a jurisdiction&apos;s cases; %1 belongs to none.</source>
        <translation>This panel shows a jurisdiction&apos;s cases; %1 belongs to none.</translation>
    </message>
    <message>
        <source>Duty roster: every grid is covered day and night for %1 days.</source>
        <translation>Duty roster: every grid is covered day and night for %1 days.</translation>
    </message>
    <message>
        <source>Duty roster: %1 grid/shift slots uncovered in the next %2 days.</source>
        <translation>Duty roster: %1 grid/shift slots uncovered in the next %2 days.</translation>
    </message>
    <message>
        <source>%1 open verify/check tasks, %2 unassigned.</source>
        <translation>%1 open verify/check tasks, %2 unassigned.</translation>
    </message>
    <message>
        <source>Select a task to see who should take it.</source>
        <translation>Select a task to see who should take it.</translation>
    </message>
    <message>
        <source>owns the grid</source>
        <translation>owns the grid</translation>
    </message>
    <message>
        <source>on duty</source>
        <translation>on duty</translation>
    </message>
    <message numerus="yes">
        <source>%n open task(s)</source>
        <translation>
            <numerusform>%n open task</numerusform>
            <numerusform>%n open tasks</numerusform>
        </translation>
    </message>
    <message>
        <source>%1 m away</source>
        <translation>%1 m away</translation>
    </message>
    <message>
        <source>No supervisor works where this case lies.</source>
        <translation>No supervisor works where this case lies.</translation>
    </message>
    <message>
        <source>Suggested: </source>
        <translation>Suggested: </translation>
    </message>
    <message>
        <source>Task reassigned to %1.</source>
        <translation>Task reassigned to %1.</translation>
    </message>
    <message>
        <source>Take %1 off duty</source>
        <translation>Take %1 off duty</translation>
    </message>
    <message>
        <source>Put %1 on duty</source>
        <translation>Put %1 on duty</translation>
    </message>
    <message>
        <source>Duty roster changed.</source>
        <translation>Duty roster changed.</translation>
    </message>
</context>
<context>
    <name>cg::InspectionTaskModel</name>
    <message>
        <source>%1 h %2 min</source>
        <translation>%1 h %2 min</translation>
    </message>
    <message>
        <source>%1 min</source>
        <translation>%1 min</translation>
    </message>
    <message>
        <source>%1 overdue</source>
        <translation>%1 overdue</translation>
    </message>
    <message>
        <source>%1 left</source>
        <translation>%1 left</translation>
    </message>
    <message>
        <source>(unassigned)</source>
        <translation>(unassigned)</translation>
    </message>
    <message>
        <source>Case</source>
        <translation>Case</translation>
    </message>
    <message>
        <source>Task</source>
        <translation>Task</translation>
    </message>
    <message>
        <source>Street</source>
        <translation>Street</translation>
    </message>
    <message>
        <source>Responsibility grid</source>
        <translation>Responsibility grid</translation>
    </message>
    <message>
        <source>Supervisor</source>
        <translation>Supervisor</translation>
    </message>
    <message>
        <source>Due</source>
        <translation>Due</translation>
    </message>
</context>
<context>
    <name>cg::LoginDialog</name>
    <message>
        <source>CityGrid: log in</source>
        <translation>CityGrid: log in</translation>
    </message>
    <message>
        <source>Login</source>
        <translation>Login</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>Name</translation>
    </message>
    <message>
        <source>Role</source>
        <translation>Role</translation>
    </message>
    <message>
        <source>Jurisdiction or unit</source>
        <translation>Jurisdiction or unit</translation>
    </message>
    <message>
        <source>Store: %1
Choose who works at this station.</source>
        <translation>Store: %1
Choose who works at this station.</translation>
    </message>
    <message>
        <source>Filter by login, name, role or jurisdiction</source>
        <translation>Filter by login, name, role or jurisdiction</translation>
    </message>
    <message>
        <source>Log in</source>
        <translation>Log in</translation>
    </message>
    <message>
        <source>Quit</source>
        <translation>Quit</translation>
    </message>
    <message>
        <source>CityGrid: log in to the server</source>
        <translation>CityGrid: log in to the server</translation>
    </message>
    <message>
        <source>Store: %1
Log in with your CityGrid login and password; the station then works with that login&apos;s rights.</source>
        <translation>Store: %1
Log in with your CityGrid login and password; the station then works with that login&apos;s rights.</translation>
    </message>
    <message>
        <source>&amp;Login:</source>
        <translation>&amp;Login:</translation>
    </message>
    <message>
        <source>&amp;Password:</source>
        <translation>&amp;Password:</translation>
    </message>
    <message>
        <source>Connection settings…</source>
        <translation>Connection settings…</translation>
    </message>
    <message>
        <source>Other store…</source>
        <translation>Other store…</translation>
    </message>
</context>
<context>
    <name>cg::MainWindow</name>
    <message>
        <source>CityGrid command centre</source>
        <translation>CityGrid command centre</translation>
    </message>
    <message>
        <source>&amp;File</source>
        <translation>&amp;File</translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation>&amp;Quit</translation>
    </message>
    <message>
        <source>&amp;View</source>
        <translation>&amp;View</translation>
    </message>
    <message>
        <source>&amp;Reload queue</source>
        <translation>&amp;Reload queue</translation>
    </message>
    <message>
        <source>%1 · %2</source>
        <translation>%1 · %2</translation>
    </message>
    <message>
        <source>%1 · %2 · %3</source>
        <translation>%1 · %2 · %3</translation>
    </message>
    <message>
        <source>The queue cannot be loaded: %1</source>
        <translation>The queue cannot be loaded: %1</translation>
    </message>
    <message>
        <source>Case %1: &quot;%2&quot; done; it is now %3.</source>
        <translation>Case %1: &quot;%2&quot; done; it is now %3.</translation>
    </message>
    <message>
        <source>%1 (UTC+8)</source>
        <translation>%1 (UTC+8)</translation>
    </message>
    <message>
        <source>Basemap</source>
        <translation>Basemap</translation>
    </message>
    <message>
        <source>Open cases per grid</source>
        <translation>Open cases per grid</translation>
    </message>
    <message>
        <source>Unit grids</source>
        <translation>Unit grids</translation>
    </message>
    <message>
        <source>Districts, streets and communities</source>
        <translation>Districts, streets and communities</translation>
    </message>
    <message>
        <source>Heat map of cases</source>
        <translation>Heat map of cases</translation>
    </message>
    <message>
        <source>Cases</source>
        <translation>Cases</translation>
    </message>
    <message>
        <source>Map: grid and its cases</source>
        <translation>Map: grid and its cases</translation>
    </message>
    <message>
        <source>Click a unit grid on the map to see its cases.</source>
        <translation>Click a unit grid on the map to see its cases.</translation>
    </message>
    <message>
        <source>Case</source>
        <translation>Case</translation>
    </message>
    <message>
        <source>State</source>
        <translation>State</translation>
    </message>
    <message>
        <source>Class</source>
        <translation>Class</translation>
    </message>
    <message>
        <source>Address</source>
        <translation>Address</translation>
    </message>
    <message>
        <source>Grid code, case number or place</source>
        <translation>Grid code, case number or place</translation>
    </message>
    <message>
        <source>Whole area</source>
        <translation>Whole area</translation>
    </message>
    <message>
        <source>&amp;Map</source>
        <translation>&amp;Map</translation>
    </message>
    <message>
        <source>Show closed cases</source>
        <translation>Show closed cases</translation>
    </message>
    <message>
        <source>City view</source>
        <translation>City view</translation>
    </message>
    <message>
        <source>District view</source>
        <translation>District view</translation>
    </message>
    <message>
        <source>Street view</source>
        <translation>Street view</translation>
    </message>
    <message>
        <source>Map: loading grids…</source>
        <translation>Map: loading grids…</translation>
    </message>
    <message>
        <source>Map: %1 grids, %2 cases · 1:%3 · %4 ms</source>
        <translation>Map: %1 grids, %2 cases · 1:%3 · %4 ms</translation>
    </message>
    <message>
        <source>Map: no grids (%1)</source>
        <translation>Map: no grids (%1)</translation>
    </message>
    <message>
        <source>Map: %1 grids</source>
        <translation>Map: %1 grids</translation>
    </message>
    <message>
        <source>The map cannot load the cases: %1</source>
        <translation>The map cannot load the cases: %1</translation>
    </message>
    <message>
        <source>No unit grid here.</source>
        <translation>No unit grid here.</translation>
    </message>
    <message>
        <source>&lt;b&gt;Unit grid %1&lt;/b&gt;&lt;br&gt;%2&lt;br&gt;%3 cases here, %4 open</source>
        <translation>&lt;b&gt;Unit grid %1&lt;/b&gt;&lt;br&gt;%2&lt;br&gt;%3 cases here, %4 open</translation>
    </message>
    <message>
        <source>No unit grid %1 on the map.</source>
        <translation>No unit grid %1 on the map.</translation>
    </message>
    <message>
        <source>Nothing called &quot;%1&quot;: not a grid code, place or case number.</source>
        <translation>Nothing called &quot;%1&quot;: not a grid code, place or case number.</translation>
    </message>
    <message>
        <source>Measure</source>
        <translation>Measure</translation>
    </message>
    <message>
        <source>Click points on the map to measure a distance; double-click ends, Esc clears</source>
        <translation>Click points on the map to measure a distance; double-click ends, Esc clears</translation>
    </message>
    <message numerus="yes">
        <source>%1: %n case(s)</source>
        <translation>
            <numerusform>%1: %n case</numerusform>
            <numerusform>%1: %n cases</numerusform>
        </translation>
    </message>
    <message>
        <source>Keyboard shortcuts</source>
        <translation>Keyboard shortcuts</translation>
    </message>
    <message>
        <source>The %1 translation is missing from this build.</source>
        <translation>The %1 translation is missing from this build.</translation>
    </message>
    <message>
        <source>Case queues</source>
        <translation>Case queues</translation>
    </message>
    <message>
        <source>&amp;Connect to another store…</source>
        <translation>&amp;Connect to another store…</translation>
    </message>
    <message>
        <source>Open a shared PostgreSQL store and log in there</source>
        <translation>Open a shared PostgreSQL store and log in there</translation>
    </message>
    <message>
        <source>&amp;Cases</source>
        <translation>&amp;Cases</translation>
    </message>
    <message>
        <source>&amp;Search the queue</source>
        <translation>&amp;Search the queue</translation>
    </message>
    <message>
        <source>&amp;Open the selected case</source>
        <translation>&amp;Open the selected case</translation>
    </message>
    <message>
        <source>&amp;Dispatch selected cases…</source>
        <translation>&amp;Dispatch selected cases…</translation>
    </message>
    <message>
        <source>&amp;Urge selected cases…</source>
        <translation>&amp;Urge selected cases…</translation>
    </message>
    <message>
        <source>&amp;Queues</source>
        <translation>&amp;Queues</translation>
    </message>
    <message>
        <source>&amp;Next queue</source>
        <translation>&amp;Next queue</translation>
    </message>
    <message>
        <source>&amp;Previous queue</source>
        <translation>&amp;Previous queue</translation>
    </message>
    <message>
        <source>&amp;Panels</source>
        <translation>&amp;Panels</translation>
    </message>
    <message>
        <source>&amp;Reset layout</source>
        <translation>&amp;Reset layout</translation>
    </message>
    <message>
        <source>Arrange the panels as the default for your role</source>
        <translation>Arrange the panels as the default for your role</translation>
    </message>
    <message>
        <source>&amp;Language</source>
        <translation>&amp;Language</translation>
    </message>
    <message>
        <source>&amp;Wall console</source>
        <translation>&amp;Wall console</translation>
    </message>
    <message>
        <source>The full-screen overview for the wall: map, counters and lists (F11)</source>
        <translation>The full-screen overview for the wall: map, counters and lists (F11)</translation>
    </message>
    <message>
        <source>Show every grid</source>
        <translation>Show every grid</translation>
    </message>
    <message>
        <source>Find on the map</source>
        <translation>Find on the map</translation>
    </message>
    <message>
        <source>&amp;Help</source>
        <translation>&amp;Help</translation>
    </message>
    <message>
        <source>&amp;Keyboard shortcuts</source>
        <translation>&amp;Keyboard shortcuts</translation>
    </message>
    <message>
        <source>Main tool bar</source>
        <translation>Main tool bar</translation>
    </message>
    <message>
        <source>Map tool bar</source>
        <translation>Map tool bar</translation>
    </message>
    <message>
        <source>live</source>
        <translation>live</translation>
    </message>
    <message>
        <source>not answering</source>
        <translation>not answering</translation>
    </message>
    <message>
        <source>reconnecting…</source>
        <translation>reconnecting…</translation>
    </message>
    <message>
        <source>Store: %1 · %2</source>
        <translation>Store: %1 · %2</translation>
    </message>
    <message>
        <source>Components</source>
        <translation>Components</translation>
    </message>
    <message>
        <source>Points of interest</source>
        <translation>Points of interest</translation>
    </message>
    <message>
        <source>Responsibility grids</source>
        <translation>Responsibility grids</translation>
    </message>
</context>
<context>
    <name>cg::MapCanvas</name>
    <message>
        <source>%1 km</source>
        <translation>%1 km</translation>
    </message>
    <message>
        <source>%1 m</source>
        <translation>%1 m</translation>
    </message>
    <message>
        <source>&lt;b&gt;Unit grid %1&lt;/b&gt;&lt;br&gt;%2&lt;br&gt;Open cases: %3</source>
        <translation>&lt;b&gt;Unit grid %1&lt;/b&gt;&lt;br&gt;%2&lt;br&gt;Open cases: %3</translation>
    </message>
    <message>
        <source>Click to open the case under the pointer.</source>
        <translation>Click to open the case under the pointer.</translation>
    </message>
</context>
<context>
    <name>cg::MonthlyReport</name>
    <message>
        <source>热点 (99%)</source>
        <translation>Hot spot (99%)</translation>
    </message>
    <message>
        <source>热点 (95%)</source>
        <translation>Hot spot (95%)</translation>
    </message>
    <message>
        <source>热点 (90%)</source>
        <translation>Hot spot (90%)</translation>
    </message>
    <message>
        <source>冷点 (99%)</source>
        <translation>Cold spot (99%)</translation>
    </message>
    <message>
        <source>冷点 (95%)</source>
        <translation>Cold spot (95%)</translation>
    </message>
    <message>
        <source>冷点 (90%)</source>
        <translation>Cold spot (90%)</translation>
    </message>
    <message>
        <source>不显著</source>
        <translation>Not significant</translation>
    </message>
    <message>
        <source>有效上报率</source>
        <translation>Effective report rate</translation>
    </message>
    <message>
        <source>漏报率</source>
        <translation>Miss rate</translation>
    </message>
    <message>
        <source>按时核实率</source>
        <translation>On-time verify rate</translation>
    </message>
    <message>
        <source>按时核查率</source>
        <translation>On-time check rate</translation>
    </message>
    <message>
        <source>按时受理率</source>
        <translation>On-time accept rate</translation>
    </message>
    <message>
        <source>按时立案率</source>
        <translation>On-time filing rate</translation>
    </message>
    <message>
        <source>准确立案率</source>
        <translation>Accurate filing rate</translation>
    </message>
    <message>
        <source>按时派遣率</source>
        <translation>On-time dispatch rate</translation>
    </message>
    <message>
        <source>准确派遣率</source>
        <translation>Accurate dispatch rate</translation>
    </message>
    <message>
        <source>处置率</source>
        <translation>Handling rate</translation>
    </message>
    <message>
        <source>按期处置率</source>
        <translation>On-time handling rate</translation>
    </message>
    <message>
        <source>结案率</source>
        <translation>Closing rate</translation>
    </message>
    <message>
        <source>按期结案率</source>
        <translation>On-time closing rate</translation>
    </message>
    <message>
        <source>返工率</source>
        <translation>Rework rate</translation>
    </message>
    <message>
        <source>超期未结率</source>
        <translation>Overdue-open rate</translation>
    </message>
    <message>
        <source>延期率</source>
        <translation>Extension rate</translation>
    </message>
    <message>
        <source>%1 %2（失 %3 分）</source>
        <translation>%1 %2 (%3 points lost)</translation>
    </message>
    <message>
        <source>%1年%2月</source>
        <translation>%2/%1</translation>
    </message>
    <message>
        <source>报告：月份无效</source>
        <translation>Report: the month is not valid</translation>
    </message>
    <message>
        <source>一、总体情况</source>
        <translation>1. Overview</translation>
    </message>
    <message>
        <source>二、区考核排名</source>
        <translation>2. District ranking</translation>
    </message>
    <message>
        <source>三、街道考核排名</source>
        <translation>3. Street ranking</translation>
    </message>
    <message>
        <source>四、处置部门考核排名</source>
        <translation>4. Responsible unit ranking</translation>
    </message>
    <message>
        <source>五、热点网格</source>
        <translation>5. Hot-spot grids</translation>
    </message>
    <message>
        <source>六、重复发生问题</source>
        <translation>6. Recurring problems</translation>
    </message>
    <message>
        <source>七、薄弱环节</source>
        <translation>7. Weak links</translation>
    </message>
    <message>
        <source>八、漏报情况</source>
        <translation>8. Missed reports</translation>
    </message>
    <message>
        <source>九、案发时段分布</source>
        <translation>9. Cases by weekday and hour</translation>
    </message>
    <message>
        <source>层级</source>
        <translation>Tier</translation>
    </message>
    <message>
        <source>排名</source>
        <translation>Rank</translation>
    </message>
    <message>
        <source>代码</source>
        <translation>Code</translation>
    </message>
    <message>
        <source>名称</source>
        <translation>Name</translation>
    </message>
    <message>
        <source>得分</source>
        <translation>Points</translation>
    </message>
    <message>
        <source>等级</source>
        <translation>Grade</translation>
    </message>
    <message>
        <source>上月名次</source>
        <translation>Previous rank</translation>
    </message>
    <message>
        <source>上月得分</source>
        <translation>Previous points</translation>
    </message>
    <message>
        <source>得分变化</source>
        <translation>Points change</translation>
    </message>
    <message>
        <source>名次变化</source>
        <translation>Rank change</translation>
    </message>
    <message>
        <source>应处置</source>
        <translation>Due for handling</translation>
    </message>
    <message>
        <source>已处置</source>
        <translation>Handled</translation>
    </message>
    <message>
        <source>按期处置</source>
        <translation>Handled on time</translation>
    </message>
    <message>
        <source>应结案</source>
        <translation>Due for closing</translation>
    </message>
    <message>
        <source>返工</source>
        <translation>Reworked</translation>
    </message>
    <message>
        <source>超期未结</source>
        <translation>Overdue and open</translation>
    </message>
    <message>
        <source>延期</source>
        <translation>Extended</translation>
    </message>
    <message>
        <source>无法写入 %1</source>
        <translation>Cannot write %1</translation>
    </message>
    <message>
        <source>区</source>
        <translation>District</translation>
    </message>
    <message>
        <source>街道</source>
        <translation>Street</translation>
    </message>
    <message>
        <source>处置部门</source>
        <translation>Responsible unit</translation>
    </message>
    <message>
        <source>无法写入 %1：%2</source>
        <translation>Cannot write %1: %2</translation>
    </message>
    <message>
        <source>摘要</source>
        <translation>Summary</translation>
    </message>
    <message>
        <source>%1城市网格化管理月度考核评价报告</source>
        <translation>%1 urban grid management: monthly evaluation report</translation>
    </message>
    <message>
        <source>考核月份</source>
        <translation>Month evaluated</translation>
    </message>
    <message>
        <source>生成时间</source>
        <translation>Generated</translation>
    </message>
    <message>
        <source>案件数</source>
        <translation>Cases</translation>
    </message>
    <message>
        <source>已结案</source>
        <translation>Closed</translation>
    </message>
    <message>
        <source>热点网格 (99%)</source>
        <translation>Hot-spot grids (99%)</translation>
    </message>
    <message>
        <source>热点网格 (95%)</source>
        <translation>Hot-spot grids (95%)</translation>
    </message>
    <message>
        <source>热点网格 (90%)</source>
        <translation>Hot-spot grids (90%)</translation>
    </message>
    <message>
        <source>重复发生问题</source>
        <translation>Recurring problems</translation>
    </message>
    <message>
        <source>重复发生问题涉及案件</source>
        <translation>Cases in recurring problems</translation>
    </message>
    <message>
        <source>综合得分</source>
        <translation>Composite score</translation>
    </message>
    <message>
        <source>区排名</source>
        <translation>District ranking</translation>
    </message>
    <message>
        <source>街道排名</source>
        <translation>Street ranking</translation>
    </message>
    <message>
        <source>处置部门排名</source>
        <translation>Responsible unit ranking</translation>
    </message>
    <message>
        <source>热点网格</source>
        <translation>Hot-spot grids</translation>
    </message>
    <message>
        <source>网格</source>
        <translation>Grid</translation>
    </message>
    <message>
        <source>位置</source>
        <translation>Location</translation>
    </message>
    <message>
        <source>Gi* z 值</source>
        <translation>Gi* z-score</translation>
    </message>
    <message>
        <source>p 值</source>
        <translation>p-value</translation>
    </message>
    <message>
        <source>类别</source>
        <translation>Class</translation>
    </message>
    <message>
        <source>重复问题</source>
        <translation>Recurring problems</translation>
    </message>
    <message>
        <source>类别代码</source>
        <translation>Class code</translation>
    </message>
    <message>
        <source>首次</source>
        <translation>First</translation>
    </message>
    <message>
        <source>最近</source>
        <translation>Latest</translation>
    </message>
    <message>
        <source>薄弱环节</source>
        <translation>Weak links</translation>
    </message>
    <message>
        <source>主要失分原因</source>
        <translation>Main causes of lost points</translation>
    </message>
    <message>
        <source>漏报</source>
        <translation>Missed reports</translation>
    </message>
    <message>
        <source>监督员</source>
        <translation>Supervisor</translation>
    </message>
    <message>
        <source>姓名</source>
        <translation>Name</translation>
    </message>
    <message>
        <source>责任网格</source>
        <translation>Responsibility grids</translation>
    </message>
    <message>
        <source>其他渠道立案</source>
        <translation>Filed from other channels</translation>
    </message>
    <message>
        <source>自行上报</source>
        <translation>Own reports</translation>
    </message>
    <message>
        <source>漏报网格</source>
        <translation>Grids with misses</translation>
    </message>
    <message>
        <source>（无监督员）</source>
        <translation>(no supervisor)</translation>
    </message>
    <message>
        <source>时段分布</source>
        <translation>Weekday and hour</translation>
    </message>
    <message>
        <source>星期 \ 小时</source>
        <translation>Weekday \ hour</translation>
    </message>
    <message>
        <source>周一</source>
        <translation>Mon</translation>
    </message>
    <message>
        <source>周二</source>
        <translation>Tue</translation>
    </message>
    <message>
        <source>周三</source>
        <translation>Wed</translation>
    </message>
    <message>
        <source>周四</source>
        <translation>Thu</translation>
    </message>
    <message>
        <source>周五</source>
        <translation>Fri</translation>
    </message>
    <message>
        <source>周六</source>
        <translation>Sat</translation>
    </message>
    <message>
        <source>周日</source>
        <translation>Sun</translation>
    </message>
    <message>
        <source>较上月</source>
        <translation>Change on last month</translation>
    </message>
    <message>
        <source>城市网格化管理月度考核评价报告</source>
        <translation>Urban grid management: monthly evaluation report</translation>
    </message>
    <message>
        <source>考核期：%1 至 %2</source>
        <translation>Period evaluated: %1 to %2</translation>
    </message>
    <message>
        <source>生成时间：%1（北京时间）</source>
        <translation>Generated: %1 (UTC+8)</translation>
    </message>
    <message>
        <source>本月共受理有效案件 %1 件；应处置 %2 件，已处置 %3 件，按期处置 %4 件；超期未结 %5 件。综合得分 %6，等级 %7。</source>
        <translation>This month %1 valid cases were accepted; %2 were due for handling, %3 were handled, %4 of them on time; %5 are overdue and still open. Composite score %6, grade %7.</translation>
    </message>
    <message>
        <source>指标</source>
        <translation>Indicator</translation>
    </message>
    <message>
        <source>数值</source>
        <translation>Value</translation>
    </message>
    <message>
        <source>热点网格（99%/95%/90%）</source>
        <translation>Hot-spot grids (99%/95%/90%)</translation>
    </message>
    <message>
        <source>%1 处（%2 件）</source>
        <translation>%1 places (%2 cases)</translation>
    </message>
    <message>
        <source>图中为得分最低的 20 个处置部门。</source>
        <translation>The chart shows the 20 responsible units with the lowest points.</translation>
    </message>
    <message>
        <source>按网格案件数计算 Getis-Ord Gi* 统计量（邻域 150 米）；|z| 大于 2.576、1.960、1.645 分别为 99%、95%、90% 置信度的热点。</source>
        <translation>Getis-Ord Gi* statistic of the case counts per grid (neighbourhood 150 m); |z| above 2.576, 1.960 and 1.645 marks hot spots at 99%, 95% and 90% confidence.</translation>
    </message>
    <message>
        <source>本月无显著热点。</source>
        <translation>No significant hot spots this month.</translation>
    </message>
    <message>
        <source>z 值</source>
        <translation>z-score</translation>
    </message>
    <message>
        <source>本月无重复发生问题。</source>
        <translation>No recurring problems this month.</translation>
    </message>
    <message>
        <source>问题类别</source>
        <translation>Problem class</translation>
    </message>
    <message>
        <source>时间</source>
        <translation>Time</translation>
    </message>
    <message>
        <source>本月街道和处置部门均在 A 级（90 分）以上，无薄弱环节。</source>
        <translation>Every street and responsible unit reached grade A (90 points) or above this month: no weak links.</translation>
    </message>
    <message>
        <source>漏报：12345/12319 热线、公众或视频发现并立案、而责任监督员本月未上报同类问题的网格案件。</source>
        <translation>Missed reports: cases filed in a grid from the 12345/12319 hotlines, the public or video while the responsible supervisor reported no problem of the same class this month.</translation>
    </message>
    <message>
        <source>本月无漏报。</source>
        <translation>No missed reports this month.</translation>
    </message>
    <message>
        <source>漏报占比</source>
        <translation>Share missed</translation>
    </message>
    <message>
        <source>主要网格</source>
        <translation>Main grids</translation>
    </message>
    <message>
        <source>%1城市网格化管理月度考核评价报告（%2）</source>
        <translation>%1 urban grid management: monthly evaluation report (%2)</translation>
    </message>
</context>
<context>
    <name>cg::PhotoViewer</name>
    <message>
        <source>Photo</source>
        <translation>Photo</translation>
    </message>
    <message>
        <source>Fit</source>
        <translation>Fit</translation>
    </message>
    <message>
        <source>100 %</source>
        <translation>100 %</translation>
    </message>
    <message>
        <source>Zoom in</source>
        <translation>Zoom in</translation>
    </message>
    <message>
        <source>Zoom out</source>
        <translation>Zoom out</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>Close</translation>
    </message>
    <message>
        <source>%1 %</source>
        <translation>%1 %</translation>
    </message>
</context>
<context>
    <name>cg::QueueTabModel</name>
    <message>
        <source>%1 (%2)</source>
        <translation>%1 (%2)</translation>
    </message>
</context>
<context>
    <name>cg::QueueTabs</name>
    <message>
        <source>All</source>
        <translation>All</translation>
    </message>
    <message>
        <source>To accept</source>
        <translation>To accept</translation>
    </message>
    <message>
        <source>To verify</source>
        <translation>To verify</translation>
    </message>
    <message>
        <source>To file</source>
        <translation>To file</translation>
    </message>
    <message>
        <source>To dispatch</source>
        <translation>To dispatch</translation>
    </message>
    <message>
        <source>In handling</source>
        <translation>In handling</translation>
    </message>
    <message>
        <source>Requests</source>
        <translation>Requests</translation>
    </message>
    <message>
        <source>To check</source>
        <translation>To check</translation>
    </message>
    <message>
        <source>To close</source>
        <translation>To close</translation>
    </message>
    <message>
        <source>Overdue</source>
        <translation>Overdue</translation>
    </message>
    <message>
        <source>Near due</source>
        <translation>Near due</translation>
    </message>
    <message>
        <source>Key supervision</source>
        <translation>Key supervision</translation>
    </message>
    <message>
        <source>Hard cases</source>
        <translation>Hard cases</translation>
    </message>
    <message>
        <source>My tasks</source>
        <translation>My tasks</translation>
    </message>
    <message>
        <source>Every case of your jurisdiction</source>
        <translation>Every case of your jurisdiction</translation>
    </message>
    <message>
        <source>Reported cases and self-disposals waiting for the acceptor</source>
        <translation>Reported cases and self-disposals waiting for the acceptor</translation>
    </message>
    <message>
        <source>Cases a supervisor is verifying on site</source>
        <translation>Cases a supervisor is verifying on site</translation>
    </message>
    <message>
        <source>Accepted cases waiting for the shift leader to file them</source>
        <translation>Accepted cases waiting for the shift leader to file them</translation>
    </message>
    <message>
        <source>Filed cases waiting for a responsible unit</source>
        <translation>Filed cases waiting for a responsible unit</translation>
    </message>
    <message>
        <source>Cases with a responsible unit, parked ones included</source>
        <translation>Cases with a responsible unit, parked ones included</translation>
    </message>
    <message>
        <source>Requests to approve: return, extension, parking and voiding</source>
        <translation>Requests to approve: return, extension, parking and voiding</translation>
    </message>
    <message>
        <source>Handled cases to send to check, being checked, or failed the check</source>
        <translation>Handled cases to send to check, being checked, or failed the check</translation>
    </message>
    <message>
        <source>Cases that passed the check and wait to be closed</source>
        <translation>Cases that passed the check and wait to be closed</translation>
    </message>
    <message>
        <source>Open cases late in their current step</source>
        <translation>Open cases late in their current step</translation>
    </message>
    <message numerus="yes">
        <source>Open cases whose current step is due within %n minute(s)</source>
        <translation>
            <numerusform>Open cases whose current step is due within %n minute</numerusform>
            <numerusform>Open cases whose current step is due within %n minutes</numerusform>
        </translation>
    </message>
    <message>
        <source>Open cases under key supervision</source>
        <translation>Open cases under key supervision</translation>
    </message>
    <message>
        <source>Open hard cases</source>
        <translation>Open hard cases</translation>
    </message>
    <message>
        <source>Cases waiting for an action of your role</source>
        <translation>Cases waiting for an action of your role</translation>
    </message>
</context>
<context>
    <name>cg::ReportForm</name>
    <message>
        <source>Self-disposal: a problem fixed on the spot</source>
        <translation>Self-disposal: a problem fixed on the spot</translation>
    </message>
    <message>
        <source>Report a problem</source>
        <translation>Report a problem</translation>
    </message>
    <message>
        <source>event</source>
        <translation>event</translation>
    </message>
    <message>
        <source>component</source>
        <translation>component</translation>
    </message>
    <message>
        <source>%1 %2 / %3 (%4)</source>
        <translation>%1 %2 / %3 (%4)</translation>
    </message>
    <message>
        <source>Type a code or a name</source>
        <translation>Type a code or a name</translation>
    </message>
    <message>
        <source>Class:</source>
        <translation>Class:</translation>
    </message>
    <message>
        <source>14 or 15 digits, e.g. 310101002001001</source>
        <translation>14 or 15 digits, e.g. 310101002001001</translation>
    </message>
    <message>
        <source>Unit grid:</source>
        <translation>Unit grid:</translation>
    </message>
    <message>
        <source>Address:</source>
        <translation>Address:</translation>
    </message>
    <message>
        <source>What is wrong, where exactly; this goes into the case file.</source>
        <translation>What is wrong, where exactly; this goes into the case file.</translation>
    </message>
    <message>
        <source>Description (required):</source>
        <translation>Description (required):</translation>
    </message>
    <message>
        <source>Photos before:</source>
        <translation>Photos before:</translation>
    </message>
    <message>
        <source>Photos:</source>
        <translation>Photos:</translation>
    </message>
    <message>
        <source>Photos after:</source>
        <translation>Photos after:</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>Cancel</translation>
    </message>
    <message>
        <source>Add photos…</source>
        <translation>Add photos…</translation>
    </message>
    <message>
        <source>Remove</source>
        <translation>Remove</translation>
    </message>
    <message>
        <source>Choose photos</source>
        <translation>Choose photos</translation>
    </message>
    <message>
        <source>Images (*.jpg *.jpeg *.png *.bmp *.gif *.webp)</source>
        <translation>Images (*.jpg *.jpeg *.png *.bmp *.gif *.webp)</translation>
    </message>
    <message>
        <source>Choose the class of the problem from the list.</source>
        <translation>Choose the class of the problem from the list.</translation>
    </message>
    <message>
        <source>Class %1 may not be self-disposed.</source>
        <translation>Class %1 may not be self-disposed.</translation>
    </message>
    <message>
        <source>Enter the unit grid code.</source>
        <translation>Enter the unit grid code.</translation>
    </message>
    <message>
        <source>Grid %1 lies outside your jurisdiction %2.</source>
        <translation>Grid %1 lies outside your jurisdiction %2.</translation>
    </message>
    <message>
        <source>Describe the problem.</source>
        <translation>Describe the problem.</translation>
    </message>
    <message>
        <source>The photo %1 cannot be read.</source>
        <translation>The photo %1 cannot be read.</translation>
    </message>
    <message>
        <source>Add a photo of the problem before it was fixed.</source>
        <translation>Add a photo of the problem before it was fixed.</translation>
    </message>
    <message>
        <source>Add a photo after it was fixed.</source>
        <translation>Add a photo after it was fixed.</translation>
    </message>
    <message>
        <source>&quot;%1&quot; is not possible: %2</source>
        <translation>&quot;%1&quot; is not possible: %2</translation>
    </message>
</context>
<context>
    <name>cg::RosterModel</name>
    <message>
        <source>uncovered</source>
        <translation>uncovered</translation>
    </message>
    <message>
        <source>day</source>
        <translation>day</translation>
    </message>
    <message>
        <source>night</source>
        <translation>night</translation>
    </message>
</context>
<context>
    <name>cg::ServerLogin</name>
    <message>
        <source>The login or the password is wrong.</source>
        <translation>The login or the password is wrong.</translation>
    </message>
    <message>
        <source>The TLS setting does not match the server: choose another TLS mode or CA file in the connection settings.</source>
        <translation>The TLS setting does not match the server: choose another TLS mode or CA file in the connection settings.</translation>
    </message>
    <message>
        <source>The server cannot be reached: check the host and port, or the network.</source>
        <translation>The server cannot be reached: check the host and port, or the network.</translation>
    </message>
    <message>
        <source>The server has no CityGrid store under that database name.</source>
        <translation>The server has no CityGrid store under that database name.</translation>
    </message>
    <message>
        <source>The store belongs to a newer version of CityGrid: update CityGrid on this station.</source>
        <translation>The store belongs to a newer version of CityGrid: update CityGrid on this station.</translation>
    </message>
    <message>
        <source>The store has an older schema version: its administrator must update it first (citygrid-admin init).</source>
        <translation>The store has an older schema version: its administrator must update it first (citygrid-admin init).</translation>
    </message>
    <message>
        <source>The database is not a CityGrid store.</source>
        <translation>The database is not a CityGrid store.</translation>
    </message>
    <message>
        <source>The database user belongs to no active CityGrid user.</source>
        <translation>The database user belongs to no active CityGrid user.</translation>
    </message>
    <message>
        <source>The store cannot be opened.</source>
        <translation>The store cannot be opened.</translation>
    </message>
</context>
<context>
    <name>cg::SessionThread</name>
    <message>
        <source>Deadline watch</source>
        <translation>Deadline watch</translation>
    </message>
</context>
<context>
    <name>cg::StateCountModel</name>
    <message>
        <source>All states</source>
        <translation>All states</translation>
    </message>
    <message>
        <source>State</source>
        <translation>State</translation>
    </message>
    <message>
        <source>Cases</source>
        <translation>Cases</translation>
    </message>
</context>
<context>
    <name>cg::StatisticsPanel</name>
    <message>
        <source>Last 7 days</source>
        <translation>Last 7 days</translation>
    </message>
    <message>
        <source>Last 30 days</source>
        <translation>Last 30 days</translation>
    </message>
    <message>
        <source>Last 90 days</source>
        <translation>Last 90 days</translation>
    </message>
    <message>
        <source>Everywhere</source>
        <translation>Everywhere</translation>
    </message>
    <message>
        <source>Period:</source>
        <translation>Period:</translation>
    </message>
    <message>
        <source>Area:</source>
        <translation>Area:</translation>
    </message>
    <message>
        <source>Export PNG…</source>
        <translation>Export PNG…</translation>
    </message>
    <message>
        <source>Save &quot;%1&quot; as a PNG picture</source>
        <translation>Save &quot;%1&quot; as a PNG picture</translation>
    </message>
    <message>
        <source>New and closed cases per day</source>
        <translation>New and closed cases per day</translation>
    </message>
    <message>
        <source>Open cases by step</source>
        <translation>Open cases by step</translation>
    </message>
    <message>
        <source>Top %1 classes</source>
        <translation>Top %1 classes</translation>
    </message>
    <message>
        <source>Cases by street</source>
        <translation>Cases by street</translation>
    </message>
    <message>
        <source>On-time handling rate by unit (%)</source>
        <translation>On-time handling rate by unit (%)</translation>
    </message>
    <message>
        <source>This panel shows a jurisdiction&apos;s cases; %1 belongs to none.</source>
        <translation>This panel shows a jurisdiction&apos;s cases; %1 belongs to none.</translation>
    </message>
    <message>
        <source>%1 reported, %2 closed in the period.</source>
        <translation>%1 reported, %2 closed in the period.</translation>
    </message>
    <message>
        <source>New</source>
        <translation>New</translation>
    </message>
    <message>
        <source>Closed</source>
        <translation>Closed</translation>
    </message>
    <message>
        <source>No clock</source>
        <translation>No clock</translation>
    </message>
    <message>
        <source>Export chart</source>
        <translation>Export chart</translation>
    </message>
    <message>
        <source>PNG pictures (*.png)</source>
        <translation>PNG pictures (*.png)</translation>
    </message>
    <message>
        <source>Saved %1.</source>
        <translation>Saved %1.</translation>
    </message>
</context>
<context>
    <name>cg::SupervisedCaseModel</name>
    <message>
        <source>Case</source>
        <translation>Case</translation>
    </message>
    <message>
        <source>Class</source>
        <translation>Class</translation>
    </message>
    <message>
        <source>Street</source>
        <translation>Street</translation>
    </message>
    <message>
        <source>Unit</source>
        <translation>Unit</translation>
    </message>
    <message>
        <source>Step</source>
        <translation>Step</translation>
    </message>
    <message>
        <source>Due</source>
        <translation>Due</translation>
    </message>
    <message>
        <source>Urged</source>
        <translation>Urged</translation>
    </message>
    <message>
        <source>Stage</source>
        <translation>Stage</translation>
    </message>
</context>
<context>
    <name>cg::SupervisionBoardModel</name>
    <message>
        <source>City tier</source>
        <translation>City tier</translation>
    </message>
    <message>
        <source>District tier</source>
        <translation>District tier</translation>
    </message>
    <message>
        <source>Street tier</source>
        <translation>Street tier</translation>
    </message>
    <message>
        <source>Community</source>
        <translation>Community</translation>
    </message>
    <message>
        <source>Tier</source>
        <translation>Tier</translation>
    </message>
    <message>
        <source>Unit</source>
        <translation>Unit</translation>
    </message>
    <message>
        <source>Street</source>
        <translation>Street</translation>
    </message>
    <message>
        <source>Overdue</source>
        <translation>Overdue</translation>
    </message>
    <message>
        <source>Near due</source>
        <translation>Near due</translation>
    </message>
    <message>
        <source>On time</source>
        <translation>On time</translation>
    </message>
</context>
<context>
    <name>cg::SupervisionPanel</name>
    <message>
        <source>Urge</source>
        <translation>Urge</translation>
    </message>
    <message>
        <source>By tier</source>
        <translation>By tier</translation>
    </message>
    <message>
        <source>By street</source>
        <translation>By street</translation>
    </message>
    <message>
        <source>By unit</source>
        <translation>By unit</translation>
    </message>
    <message>
        <source> min</source>
        <translation> min</translation>
    </message>
    <message>
        <source>Message to the unit or tier (required)</source>
        <translation>Message to the unit or tier (required)</translation>
    </message>
    <message>
        <source>Near due within</source>
        <translation>Near due within</translation>
    </message>
    <message>
        <source>Overdue and near due</source>
        <translation>Overdue and near due</translation>
    </message>
    <message>
        <source>Key supervision</source>
        <translation>Key supervision</translation>
    </message>
    <message>
        <source>Hard cases</source>
        <translation>Hard cases</translation>
    </message>
    <message>
        <source>Escalations</source>
        <translation>Escalations</translation>
    </message>
    <message>
        <source>This panel shows a jurisdiction&apos;s cases; %1 belongs to none.</source>
        <translation>This panel shows a jurisdiction&apos;s cases; %1 belongs to none.</translation>
    </message>
    <message>
        <source>%1 overdue, %2 near due, %3 key-supervision and %4 hard cases open.</source>
        <translation>%1 overdue, %2 near due, %3 key-supervision and %4 hard cases open.</translation>
    </message>
    <message>
        <source>Select a case to urge.</source>
        <translation>Select a case to urge.</translation>
    </message>
    <message>
        <source>An urge needs a message saying what is expected.</source>
        <translation>An urge needs a message saying what is expected.</translation>
    </message>
    <message>
        <source>Case %1 urged (%2).</source>
        <translation>Case %1 urged (%2).</translation>
    </message>
</context>
<context>
    <name>cg::SupervisorLoadModel</name>
    <message>
        <source>Supervisor</source>
        <translation>Supervisor</translation>
    </message>
    <message>
        <source>Open tasks</source>
        <translation>Open tasks</translation>
    </message>
    <message>
        <source>Next due</source>
        <translation>Next due</translation>
    </message>
</context>
<context>
    <name>cg::TaskStatusWidget</name>
    <message>
        <source>Cancel this task</source>
        <translation>Cancel this task</translation>
    </message>
    <message>
        <source>%1 (cancelling…)</source>
        <translation>%1 (cancelling…)</translation>
    </message>
    <message>
        <source>%1 of %2</source>
        <translation>%1 of %2</translation>
    </message>
    <message numerus="yes">
        <source>+%n more</source>
        <translation>
            <numerusform>+%n more</numerusform>
            <numerusform>+%n more</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>cg::TileLayer</name>
    <message>
        <source>tile %1/%2/%3 is not an image</source>
        <translation>tile %1/%2/%3 is not an image</translation>
    </message>
</context>
<context>
    <name>cg::UnitCandidateModel</name>
    <message>
        <source>owns the component</source>
        <translation>owns the component</translation>
    </message>
    <message>
        <source>catalogue unit type</source>
        <translation>catalogue unit type</translation>
    </message>
    <message>
        <source>jurisdiction</source>
        <translation>jurisdiction</translation>
    </message>
    <message>
        <source>no record</source>
        <translation>no record</translation>
    </message>
    <message>
        <source>%1 handled, %2 of them on time, %3 open and overdue</source>
        <translation>%1 handled, %2 of them on time, %3 open and overdue</translation>
    </message>
    <message>
        <source>Unit</source>
        <translation>Unit</translation>
    </message>
    <message>
        <source>Why</source>
        <translation>Why</translation>
    </message>
    <message>
        <source>Open</source>
        <translation>Open</translation>
    </message>
    <message>
        <source>On time</source>
        <translation>On time</translation>
    </message>
</context>
<context>
    <name>cg::WallConsole</name>
    <message>
        <source>No cases</source>
        <translation>No cases</translation>
    </message>
    <message>
        <source>Key supervision</source>
        <translation>Key supervision</translation>
    </message>
    <message>
        <source>No open key-supervision cases</source>
        <translation>No open key-supervision cases</translation>
    </message>
    <message>
        <source>CityGrid wall console</source>
        <translation>CityGrid wall console</translation>
    </message>
    <message>
        <source>Urban grid management · live</source>
        <translation>Urban grid management · live</translation>
    </message>
    <message>
        <source>%1 · urban grid management · live</source>
        <translation>%1 · urban grid management · live</translation>
    </message>
    <message>
        <source>Reported today</source>
        <translation>Reported today</translation>
    </message>
    <message>
        <source>Filed today</source>
        <translation>Filed today</translation>
    </message>
    <message>
        <source>Dispatched today</source>
        <translation>Dispatched today</translation>
    </message>
    <message>
        <source>Closed today</source>
        <translation>Closed today</translation>
    </message>
    <message>
        <source>Overdue now</source>
        <translation>Overdue now</translation>
    </message>
    <message>
        <source>Open cases by street</source>
        <translation>Open cases by street</translation>
    </message>
    <message>
        <source>Open cases by responsible unit</source>
        <translation>Open cases by responsible unit</translation>
    </message>
    <message>
        <source>Hot classes of the last 7 days</source>
        <translation>Hot classes of the last 7 days</translation>
    </message>
</context>
<context>
    <name>cg::Workflow</name>
    <message>
        <source>None</source>
        <translation>None</translation>
    </message>
    <message>
        <source>Reported</source>
        <translation>Reported</translation>
    </message>
    <message>
        <source>Verifying</source>
        <translation>Verifying</translation>
    </message>
    <message>
        <source>Self-disposed</source>
        <translation>Self-disposed</translation>
    </message>
    <message>
        <source>Accepted</source>
        <translation>Accepted</translation>
    </message>
    <message>
        <source>Rejected</source>
        <translation>Rejected</translation>
    </message>
    <message>
        <source>Filed</source>
        <translation>Filed</translation>
    </message>
    <message>
        <source>Dispatched</source>
        <translation>Dispatched</translation>
    </message>
    <message>
        <source>Return requested</source>
        <translation>Return requested</translation>
    </message>
    <message>
        <source>Voiding proposed</source>
        <translation>Voiding proposed</translation>
    </message>
    <message>
        <source>Parking requested</source>
        <translation>Parking requested</translation>
    </message>
    <message>
        <source>Parked</source>
        <translation>Parked</translation>
    </message>
    <message>
        <source>Handled</source>
        <translation>Handled</translation>
    </message>
    <message>
        <source>Checking</source>
        <translation>Checking</translation>
    </message>
    <message>
        <source>Check passed</source>
        <translation>Check passed</translation>
    </message>
    <message>
        <source>Check failed</source>
        <translation>Check failed</translation>
    </message>
    <message>
        <source>Closed</source>
        <translation>Closed</translation>
    </message>
    <message>
        <source>Voided</source>
        <translation>Voided</translation>
    </message>
    <message>
        <source>Report</source>
        <translation>Report</translation>
    </message>
    <message>
        <source>Self-dispose</source>
        <translation>Self-dispose</translation>
    </message>
    <message>
        <source>Approve self-disposal</source>
        <translation>Approve self-disposal</translation>
    </message>
    <message>
        <source>Refuse self-disposal</source>
        <translation>Refuse self-disposal</translation>
    </message>
    <message>
        <source>Send to verify</source>
        <translation>Send to verify</translation>
    </message>
    <message>
        <source>Verified: confirmed</source>
        <translation>Verified: confirmed</translation>
    </message>
    <message>
        <source>Verified: not found</source>
        <translation>Verified: not found</translation>
    </message>
    <message>
        <source>Accept</source>
        <translation>Accept</translation>
    </message>
    <message>
        <source>Reject as invalid</source>
        <translation>Reject as invalid</translation>
    </message>
    <message>
        <source>File</source>
        <translation>File</translation>
    </message>
    <message>
        <source>Send back</source>
        <translation>Send back</translation>
    </message>
    <message>
        <source>Decline to file</source>
        <translation>Decline to file</translation>
    </message>
    <message>
        <source>Dispatch</source>
        <translation>Dispatch</translation>
    </message>
    <message>
        <source>Report handled</source>
        <translation>Report handled</translation>
    </message>
    <message>
        <source>Ask to return</source>
        <translation>Ask to return</translation>
    </message>
    <message>
        <source>Approve return</source>
        <translation>Approve return</translation>
    </message>
    <message>
        <source>Refuse return</source>
        <translation>Refuse return</translation>
    </message>
    <message>
        <source>Propose voiding</source>
        <translation>Propose voiding</translation>
    </message>
    <message>
        <source>Approve voiding</source>
        <translation>Approve voiding</translation>
    </message>
    <message>
        <source>Refuse voiding</source>
        <translation>Refuse voiding</translation>
    </message>
    <message>
        <source>Ask to park</source>
        <translation>Ask to park</translation>
    </message>
    <message>
        <source>Approve parking</source>
        <translation>Approve parking</translation>
    </message>
    <message>
        <source>Refuse parking</source>
        <translation>Refuse parking</translation>
    </message>
    <message>
        <source>Resume</source>
        <translation>Resume</translation>
    </message>
    <message>
        <source>Ask for extension</source>
        <translation>Ask for extension</translation>
    </message>
    <message>
        <source>Approve extension</source>
        <translation>Approve extension</translation>
    </message>
    <message>
        <source>Refuse extension</source>
        <translation>Refuse extension</translation>
    </message>
    <message>
        <source>Send to check</source>
        <translation>Send to check</translation>
    </message>
    <message>
        <source>Check: fixed</source>
        <translation>Check: fixed</translation>
    </message>
    <message>
        <source>Check: not fixed</source>
        <translation>Check: not fixed</translation>
    </message>
    <message>
        <source>Rework</source>
        <translation>Rework</translation>
    </message>
    <message>
        <source>Check again</source>
        <translation>Check again</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>Close</translation>
    </message>
    <message>
        <source>Urge</source>
        <translation>Urge</translation>
    </message>
    <message>
        <source>Escalate</source>
        <translation>Escalate</translation>
    </message>
    <message>
        <source>Hand down</source>
        <translation>Hand down</translation>
    </message>
    <message>
        <source>Grid supervisor</source>
        <translation>Grid supervisor</translation>
    </message>
    <message>
        <source>Acceptor</source>
        <translation>Acceptor</translation>
    </message>
    <message>
        <source>Shift leader</source>
        <translation>Shift leader</translation>
    </message>
    <message>
        <source>Dispatcher</source>
        <translation>Dispatcher</translation>
    </message>
    <message>
        <source>Responsible unit</source>
        <translation>Responsible unit</translation>
    </message>
    <message>
        <source>Inspector</source>
        <translation>Inspector</translation>
    </message>
    <message>
        <source>Centre leader</source>
        <translation>Centre leader</translation>
    </message>
    <message>
        <source>Administrator</source>
        <translation>Administrator</translation>
    </message>
    <message>
        <source>System</source>
        <translation>System</translation>
    </message>
    <message>
        <source>Verify</source>
        <translation>Verify</translation>
    </message>
    <message>
        <source>Review self-disposal</source>
        <translation>Review self-disposal</translation>
    </message>
    <message>
        <source>Handle</source>
        <translation>Handle</translation>
    </message>
    <message>
        <source>Decide return</source>
        <translation>Decide return</translation>
    </message>
    <message>
        <source>Decide voiding</source>
        <translation>Decide voiding</translation>
    </message>
    <message>
        <source>Decide parking</source>
        <translation>Decide parking</translation>
    </message>
    <message>
        <source>Check</source>
        <translation>Check</translation>
    </message>
    <message>
        <source>Decide rework</source>
        <translation>Decide rework</translation>
    </message>
    <message>
        <source>Normal</source>
        <translation>Normal</translation>
    </message>
    <message>
        <source>Overdue</source>
        <translation>Overdue</translation>
    </message>
    <message>
        <source>Error</source>
        <translation>Error</translation>
    </message>
    <message>
        <source>Special</source>
        <translation>Special</translation>
    </message>
    <message>
        <source>Self-disposal</source>
        <translation>Self-disposal</translation>
    </message>
    <message>
        <source>Ordinary</source>
        <translation>Ordinary</translation>
    </message>
    <message>
        <source>Key</source>
        <translation>Key</translation>
    </message>
    <message>
        <source>Listed</source>
        <translation>Listed</translation>
    </message>
    <message>
        <source>Supervisor patrol</source>
        <translation>Supervisor patrol</translation>
    </message>
    <message>
        <source>12345 hotline</source>
        <translation>12345 hotline</translation>
    </message>
    <message>
        <source>12319 hotline</source>
        <translation>12319 hotline</translation>
    </message>
    <message>
        <source>Video</source>
        <translation>Video</translation>
    </message>
    <message>
        <source>Community workstation</source>
        <translation>Community workstation</translation>
    </message>
    <message>
        <source>Public</source>
        <translation>Public</translation>
    </message>
    <message>
        <source>Inspection</source>
        <translation>Inspection</translation>
    </message>
    <message>
        <source>Other department</source>
        <translation>Other department</translation>
    </message>
    <message>
        <source>Report stage done</source>
        <translation>Report stage done</translation>
    </message>
</context>
</TS>
