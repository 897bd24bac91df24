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
        <source>&lt;b&gt;Timeline&lt;/b&gt;</source>
        <translation>&lt;b&gt;Timeline&lt;/b&gt;</translation>
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
        <source>Attachments (%1): %2</source>
        <translation>Attachments (%1): %2</translation>
    </message>
    <message>
        <source>Action not applied</source>
        <translation>Action not applied</translation>
    </message>
    <message>
        <source>&quot;%1&quot; was not applied to case %2.</source>
        <translation>&quot;%1&quot; was not applied to case %2.</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>Close</translation>
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
</context>
<context>
    <name>cg::DesktopOptions</name>
    <message>
        <source>CityGrid command centre: case queue and case dock of urban grid management.</source>
        <translation>CityGrid command centre: case queue and case dock of urban grid management.</translation>
    </message>
    <message>
        <source>Open the store FILE (default: %1).</source>
        <translation>Open the store FILE (default: %1).</translation>
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
        <source>--store needs a file name.</source>
        <translation>--store needs a file name.</translation>
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
        <source>Case &amp;dock</source>
        <translation>Case &amp;dock</translation>
    </message>
    <message>
        <source>Store: %1</source>
        <translation>Store: %1</translation>
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
        <source>Case queue</source>
        <translation>Case queue</translation>
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
        <source>Map</source>
        <translation>Map</translation>
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
        <source>Show every grid (Home)</source>
        <translation>Show every grid (Home)</translation>
    </message>
    <message>
        <source>Case &amp;queue</source>
        <translation>Case &amp;queue</translation>
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
    <name>cg::TileLayer</name>
    <message>
        <source>tile %1/%2/%3 is not an image</source>
        <translation>tile %1/%2/%3 is not an image</translation>
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
