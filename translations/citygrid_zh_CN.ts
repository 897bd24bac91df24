<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN">
<context>
    <name>cg::ActionForm</name>
    <message>
        <source>%1: case %2</source>
        <translation>%1：案件 %2</translation>
    </message>
    <message>
        <source>&lt;b&gt;%1&lt;/b&gt; · %2 · %3&lt;br&gt;%4</source>
        <translation>&lt;b&gt;%1&lt;/b&gt; · %2 · %3&lt;br&gt;%4</translation>
    </message>
    <message>
        <source>Result (required):</source>
        <translation>处置结果（必填）：</translation>
    </message>
    <message>
        <source>Reason (required):</source>
        <translation>理由（必填）：</translation>
    </message>
    <message>
        <source>Comment (optional):</source>
        <translation>意见（选填）：</translation>
    </message>
    <message>
        <source>Say what was done or why; this goes into the case file.</source>
        <translation>说明处理情况或理由，将记入案卷。</translation>
    </message>
    <message>
        <source>A note for the case file</source>
        <translation>记入案卷的说明</translation>
    </message>
    <message>
        <source>Responsible unit:</source>
        <translation>处置单位：</translation>
    </message>
    <message>
        <source>New due date (UTC+8):</source>
        <translation>新的处置期限（北京时间）：</translation>
    </message>
    <message>
        <source>Current deadline: %1</source>
        <translation>当前期限：%1</translation>
    </message>
    <message>
        <source>Resume on (UTC+8):</source>
        <translation>恢复日期（北京时间）：</translation>
    </message>
    <message>
        <source>Closing type:</source>
        <translation>结案类型：</translation>
    </message>
    <message>
        <source>Urge level:</source>
        <translation>督办级别：</translation>
    </message>
    <message>
        <source>Add photos…</source>
        <translation>添加照片…</translation>
    </message>
    <message>
        <source>Remove</source>
        <translation>移除</translation>
    </message>
    <message>
        <source>Photos:</source>
        <translation>照片：</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <source>Choose the responsible unit</source>
        <translation>请选择处置单位</translation>
    </message>
    <message>
        <source>%1 (suggested)</source>
        <translation>%1（推荐）</translation>
    </message>
    <message>
        <source>Choose photos</source>
        <translation>选择照片</translation>
    </message>
    <message>
        <source>Images (*.jpg *.jpeg *.png *.bmp *.gif *.webp)</source>
        <translation>图片 (*.jpg *.jpeg *.png *.bmp *.gif *.webp)</translation>
    </message>
    <message>
        <source>Describe the result of the handling.</source>
        <translation>请填写处置结果。</translation>
    </message>
    <message>
        <source>Give the reason for &quot;%1&quot;.</source>
        <translation>请填写“%1”的理由。</translation>
    </message>
    <message>
        <source>Choose the responsible unit.</source>
        <translation>请选择处置单位。</translation>
    </message>
    <message>
        <source>The new due date must be later than the current deadline, %1.</source>
        <translation>新的处置期限必须晚于当前期限 %1。</translation>
    </message>
    <message>
        <source>The date must lie in the future.</source>
        <translation>日期必须晚于当前时间。</translation>
    </message>
    <message>
        <source>The photo %1 cannot be read.</source>
        <translation>无法读取照片 %1。</translation>
    </message>
</context>
<context>
    <name>cg::CaseDock</name>
    <message>
        <source>No deadline runs</source>
        <translation>无计时</translation>
    </message>
    <message>
        <source>%1 · %2</source>
        <translation>%1 · %2</translation>
    </message>
    <message>
        <source>Case</source>
        <translation>案件</translation>
    </message>
    <message>
        <source>Select a case in the queue to see it here.</source>
        <translation>在案件列表中选择一件案件，在此查看详情。</translation>
    </message>
    <message>
        <source>Key supervision</source>
        <translation>重点监管</translation>
    </message>
    <message>
        <source>Class:</source>
        <translation>类别：</translation>
    </message>
    <message>
        <source>Priority:</source>
        <translation>优先级：</translation>
    </message>
    <message>
        <source>Grid:</source>
        <translation>单元网格：</translation>
    </message>
    <message>
        <source>Street / community:</source>
        <translation>街道 / 社区：</translation>
    </message>
    <message>
        <source>Address:</source>
        <translation>地址：</translation>
    </message>
    <message>
        <source>Description:</source>
        <translation>问题描述：</translation>
    </message>
    <message>
        <source>Reported by:</source>
        <translation>上报：</translation>
    </message>
    <message>
        <source>Responsible unit:</source>
        <translation>处置单位：</translation>
    </message>
    <message>
        <source>Handling deadline:</source>
        <translation>处置期限：</translation>
    </message>
    <message>
        <source>Current step:</source>
        <translation>当前环节：</translation>
    </message>
    <message>
        <source>Pending request:</source>
        <translation>待审批申请：</translation>
    </message>
    <message>
        <source>&lt;b&gt;Timeline&lt;/b&gt;</source>
        <translation>&lt;b&gt;办理过程&lt;/b&gt;</translation>
    </message>
    <message>
        <source>Your actions</source>
        <translation>可执行的操作</translation>
    </message>
    <message>
        <source>Your role has no action on this case in its current state.</source>
        <translation>您的角色在案件当前状态下没有可执行的操作。</translation>
    </message>
    <message>
        <source>The case cannot be shown:
%1</source>
        <translation>无法显示该案件：
%1</translation>
    </message>
    <message>
        <source>%1 / %2 (%3)</source>
        <translation>%1 / %2（%3）</translation>
    </message>
    <message>
        <source>%1 · hard case</source>
        <translation>%1 · 难点问题</translation>
    </message>
    <message>
        <source>%1 · %2 · version %3</source>
        <translation>%1 · %2 · 版本 %3</translation>
    </message>
    <message>
        <source>%1 (owned by the %2 tier)</source>
        <translation>%1（%2级办理）</translation>
    </message>
    <message>
        <source>%1 · %2 · %3</source>
        <translation>%1 · %2 · %3</translation>
    </message>
    <message>
        <source>System intake</source>
        <translation>系统接入</translation>
    </message>
    <message>
        <source>Not dispatched</source>
        <translation>尚未派遣</translation>
    </message>
    <message>
        <source>Extension to %1</source>
        <translation>申请延期至 %1</translation>
    </message>
    <message>
        <source>Parking until %1</source>
        <translation>申请挂账至 %1</translation>
    </message>
    <message>
        <source>Parked: %1 of handling time left</source>
        <translation>已挂账：剩余处置时间 %1</translation>
    </message>
    <message>
        <source>%1; resumes %2</source>
        <translation>%1；%2 恢复</translation>
    </message>
    <message>
        <source>%1 (%2)</source>
        <translation>%1（%2）</translation>
    </message>
    <message>
        <source>Set when dispatched</source>
        <translation>派遣时确定</translation>
    </message>
    <message>
        <source>%1 from dispatch</source>
        <translation>派遣后 %1</translation>
    </message>
    <message>
        <source>No step clock runs</source>
        <translation>当前环节不计时</translation>
    </message>
    <message>
        <source>Finished %1</source>
        <translation>%1 办结</translation>
    </message>
    <message>
        <source>&lt;b&gt;%1&lt;/b&gt; · %2 (%3)</source>
        <translation>&lt;b&gt;%1&lt;/b&gt; · %2（%3）</translation>
    </message>
    <message>
        <source>%1 → %2</source>
        <translation>%1 → %2</translation>
    </message>
    <message>
        <source>%1 done on time</source>
        <translation>%1按时完成</translation>
    </message>
    <message>
        <source>%1 done late</source>
        <translation>%1超时完成</translation>
    </message>
    <message>
        <source>%1: %2</source>
        <translation>%1：%2</translation>
    </message>
    <message>
        <source>Unit</source>
        <translation>处置单位</translation>
    </message>
    <message>
        <source>Previous unit</source>
        <translation>原处置单位</translation>
    </message>
    <message>
        <source>Time limit</source>
        <translation>处置时限</translation>
    </message>
    <message>
        <source>Handling deadline</source>
        <translation>处置期限</translation>
    </message>
    <message>
        <source>Next step due</source>
        <translation>下一环节期限</translation>
    </message>
    <message>
        <source>Requested due date</source>
        <translation>申请的期限</translation>
    </message>
    <message>
        <source>Previous deadline</source>
        <translation>原期限</translation>
    </message>
    <message>
        <source>Refused due date</source>
        <translation>未同意的期限</translation>
    </message>
    <message>
        <source>Resumes on</source>
        <translation>恢复日期</translation>
    </message>
    <message>
        <source>Handling time left</source>
        <translation>剩余处置时间</translation>
    </message>
    <message>
        <source>Closing type</source>
        <translation>结案类型</translation>
    </message>
    <message>
        <source>Urge level</source>
        <translation>督办级别</translation>
    </message>
    <message>
        <source>Urged step</source>
        <translation>督办环节</translation>
    </message>
    <message>
        <source>Owning tier</source>
        <translation>办理层级</translation>
    </message>
    <message>
        <source>Class</source>
        <translation>类别</translation>
    </message>
    <message>
        <source>Attachments (%1): %2</source>
        <translation>附件（%1）：%2</translation>
    </message>
    <message>
        <source>Action not applied</source>
        <translation>操作未执行</translation>
    </message>
    <message>
        <source>&quot;%1&quot; was not applied to case %2.</source>
        <translation>“%1”未能应用于案件 %2。</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>关闭</translation>
    </message>
    <message>
        <source>%1 · stage %2 of %3: %4</source>
        <translation>%1 · 第%2/%3阶段：%4</translation>
    </message>
    <message>
        <source>Stage done</source>
        <translation>完成阶段</translation>
    </message>
    <message>
        <source>Next stage</source>
        <translation>下一阶段</translation>
    </message>
</context>
<context>
    <name>cg::CaseFormat</name>
    <message>
        <source>%1 d %2 h</source>
        <translation>%1天%2小时</translation>
    </message>
    <message>
        <source>%1 h %2 min</source>
        <translation>%1小时%2分</translation>
    </message>
    <message>
        <source>%1 min</source>
        <translation>%1分钟</translation>
    </message>
    <message>
        <source>%1 left</source>
        <translation>剩余%1</translation>
    </message>
    <message>
        <source>%1 overdue</source>
        <translation>超时%1</translation>
    </message>
    <message>
        <source>No deadline running</source>
        <translation>不计时</translation>
    </message>
    <message>
        <source>On time</source>
        <translation>正常</translation>
    </message>
    <message>
        <source>Due within 30 minutes</source>
        <translation>30分钟内到期</translation>
    </message>
    <message>
        <source>Overdue</source>
        <translation>已超时</translation>
    </message>
    <message>
        <source>%1 working minutes</source>
        <translation>%1个工作分钟</translation>
    </message>
    <message>
        <source>%1 working hours</source>
        <translation>%1个工作小时</translation>
    </message>
    <message>
        <source>%1 working days</source>
        <translation>%1个工作日</translation>
    </message>
    <message>
        <source>%1 minutes</source>
        <translation>%1分钟</translation>
    </message>
    <message>
        <source>%1 hours</source>
        <translation>%1小时</translation>
    </message>
    <message>
        <source>%1 days</source>
        <translation>%1天</translation>
    </message>
    <message>
        <source>Normal</source>
        <translation>一般</translation>
    </message>
    <message>
        <source>High</source>
        <translation>较高</translation>
    </message>
    <message>
        <source>Urgent</source>
        <translation>紧急</translation>
    </message>
    <message>
        <source>City</source>
        <translation>市</translation>
    </message>
    <message>
        <source>District</source>
        <translation>区</translation>
    </message>
    <message>
        <source>Street</source>
        <translation>街镇</translation>
    </message>
    <message>
        <source>Community</source>
        <translation>社区</translation>
    </message>
    <message>
        <source>Area A</source>
        <translation>A类区域</translation>
    </message>
    <message>
        <source>Area B</source>
        <translation>B类区域</translation>
    </message>
    <message>
        <source>Area C</source>
        <translation>C类区域</translation>
    </message>
    <message>
        <source>Rural area</source>
        <translation>农村区域</translation>
    </message>
</context>
<context>
    <name>cg::CaseQueueModel</name>
    <message>
        <source>%1 · due %2</source>
        <translation>%1 · %2到期</translation>
    </message>
    <message>
        <source>Key supervision: %1</source>
        <translation>重点监管：%1</translation>
    </message>
    <message>
        <source>%1: %2 (%3)</source>
        <translation>%1：%2（%3）</translation>
    </message>
    <message>
        <source>Case number</source>
        <translation>案件编号</translation>
    </message>
    <message>
        <source>State</source>
        <translation>状态</translation>
    </message>
    <message>
        <source>Current step</source>
        <translation>当前环节</translation>
    </message>
    <message>
        <source>Class</source>
        <translation>类别</translation>
    </message>
    <message>
        <source>Street / community</source>
        <translation>街道 / 社区</translation>
    </message>
    <message>
        <source>Source</source>
        <translation>来源</translation>
    </message>
    <message>
        <source>Reported at</source>
        <translation>上报时间</translation>
    </message>
    <message>
        <source>Responsible unit</source>
        <translation>处置单位</translation>
    </message>
</context>
<context>
    <name>cg::CaseQueueWidget</name>
    <message>
        <source>All states</source>
        <translation>全部状态</translation>
    </message>
    <message>
        <source>Any step, on time or not</source>
        <translation>全部（不论是否超时）</translation>
    </message>
    <message>
        <source>Overdue in any step</source>
        <translation>任一环节超时</translation>
    </message>
    <message>
        <source>Overdue: %1</source>
        <translation>超时：%1</translation>
    </message>
    <message>
        <source>Search case number, address or description</source>
        <translation>搜索案件编号、地址或问题描述</translation>
    </message>
    <message>
        <source>&amp;State:</source>
        <translation>状态(&amp;S)：</translation>
    </message>
    <message>
        <source>&amp;Deadline:</source>
        <translation>时限(&amp;D)：</translation>
    </message>
    <message>
        <source>Loading…</source>
        <translation>正在加载…</translation>
    </message>
    <message>
        <source>%1 of %2 cases loaded</source>
        <translation>已加载 %1 / 共 %2 件</translation>
    </message>
</context>
<context>
    <name>cg::DesktopApp</name>
    <message>
        <source>Generating the demo city into %1…
This happens once, on the first start.</source>
        <translation>正在 %1 中生成演示城市…
仅在首次启动时进行一次。</translation>
    </message>
    <message>
        <source>CityGrid</source>
        <translation>CityGrid 城市网格化管理</translation>
    </message>
    <message>
        <source>Opening the store %1…</source>
        <translation>正在打开数据库 %1…</translation>
    </message>
    <message>
        <source>The store %1 cannot be opened: %2</source>
        <translation>无法打开数据库 %1：%2</translation>
    </message>
    <message>
        <source>The store %1 cannot be opened.</source>
        <translation>无法打开数据库 %1。</translation>
    </message>
    <message>
        <source>Choose another store…</source>
        <translation>选择其他数据库…</translation>
    </message>
    <message>
        <source>Quit</source>
        <translation>退出</translation>
    </message>
    <message>
        <source>Choose a CityGrid store (a new file becomes a new store with the demo city)</source>
        <translation>选择 CityGrid 数据库（新文件将创建为带演示城市的新数据库）</translation>
    </message>
    <message>
        <source>CityGrid stores (*.sqlite *.db);;All files (*)</source>
        <translation>CityGrid 数据库 (*.sqlite *.db);;所有文件 (*)</translation>
    </message>
    <message>
        <source>the user belongs to no responsible unit</source>
        <translation>该用户不属于任何处置单位</translation>
    </message>
    <message>
        <source>the user is not active</source>
        <translation>该用户已停用</translation>
    </message>
    <message>
        <source>%1 cannot log in: %2</source>
        <translation>%1 无法登录：%2</translation>
    </message>
    <message>
        <source>The queue cannot be loaded: %1</source>
        <translation>无法加载案件列表：%1</translation>
    </message>
    <message>
        <source>The screenshot cannot be saved to %1.</source>
        <translation>无法将截图保存到 %1。</translation>
    </message>
    <message>
        <source>The queue, the first case and the map did not load within %1 s.</source>
        <translation>案件队列、第一件案件和地图未能在 %1 秒内加载完成。</translation>
    </message>
</context>
<context>
    <name>cg::DesktopOptions</name>
    <message>
        <source>CityGrid command centre: case queue and case dock of urban grid management.</source>
        <translation>CityGrid 指挥中心：城市网格化管理的案件列表与案件详情。</translation>
    </message>
    <message>
        <source>Open the store FILE (default: %1).</source>
        <translation>打开数据库文件 FILE（默认：%1）。</translation>
    </message>
    <message>
        <source>FILE</source>
        <translation>FILE</translation>
    </message>
    <message>
        <source>Log in as LOGIN without the login dialog.</source>
        <translation>以账号 LOGIN 直接登录，不显示登录窗口。</translation>
    </message>
    <message>
        <source>LOGIN</source>
        <translation>LOGIN</translation>
    </message>
    <message>
        <source>Language of the window: zh_CN or en (default: the system&apos;s).</source>
        <translation>界面语言：zh_CN 或 en（默认跟随系统）。</translation>
    </message>
    <message>
        <source>LANG</source>
        <translation>LANG</translation>
    </message>
    <message>
        <source>Once the queue and the first case are loaded, save the window to FILE (PNG) and quit.</source>
        <translation>案件列表和第一件案件加载后，将窗口截图保存为 FILE（PNG）并退出。</translation>
    </message>
    <message>
        <source>Number of cases of the demo city generated into an empty store (default: 20000).</source>
        <translation>在空数据库中生成的演示城市案件数（默认：20000）。</translation>
    </message>
    <message>
        <source>N</source>
        <translation>N</translation>
    </message>
    <message>
        <source>--store needs a file name.</source>
        <translation>--store 需要一个文件名。</translation>
    </message>
    <message>
        <source>--lang %1 is not available; use zh_CN or en.</source>
        <translation>不支持语言 --lang %1，请使用 zh_CN 或 en。</translation>
    </message>
    <message>
        <source>--demo-cases %1 is not a number of cases (0 or more).</source>
        <translation>--demo-cases %1 不是有效的案件数（0 或以上）。</translation>
    </message>
    <message>
        <source>Unexpected argument: %1</source>
        <translation>多余的参数：%1</translation>
    </message>
    <message>
        <source>With --screenshot: show the map at VIEW: city (every grid), district or street (around the first case).</source>
        <translation>与 --screenshot 一起使用：地图显示 VIEW 视图：city（全部网格）、district（区）或 street（街道，围绕第一件案件）。</translation>
    </message>
    <message>
        <source>VIEW</source>
        <translation>视图</translation>
    </message>
    <message>
        <source>Basemap under the grids: an XYZ tile URL such as http://tiles.example/{z}/{x}/{y}.png, or an offline .mbtiles file.</source>
        <translation>网格下方的底图：XYZ 瓦片地址（如 http://tiles.example/{z}/{x}/{y}.png），或离线 .mbtiles 文件。</translation>
    </message>
    <message>
        <source>SOURCE</source>
        <translation>来源</translation>
    </message>
    <message>
        <source>--map-view %1 is not a view; use city, district or street.</source>
        <translation>--map-view %1 不是有效视图；请使用 city、district 或 street。</translation>
    </message>
</context>
<context>
    <name>cg::Evaluation</name>
    <message>
        <source>Effective report rate</source>
        <translation>有效上报率</translation>
    </message>
    <message>
        <source>Miss rate</source>
        <translation>漏报率</translation>
    </message>
    <message>
        <source>On-time verify rate</source>
        <translation>按时核实率</translation>
    </message>
    <message>
        <source>On-time check rate</source>
        <translation>按时核查率</translation>
    </message>
    <message>
        <source>On-time accept rate</source>
        <translation>按时受理率</translation>
    </message>
    <message>
        <source>On-time filing rate</source>
        <translation>按时立案率</translation>
    </message>
    <message>
        <source>Accurate filing rate</source>
        <translation>立案准确率</translation>
    </message>
    <message>
        <source>On-time dispatch rate</source>
        <translation>按时派遣率</translation>
    </message>
    <message>
        <source>Accurate dispatch rate</source>
        <translation>派遣准确率</translation>
    </message>
    <message>
        <source>Handling rate</source>
        <translation>处置率</translation>
    </message>
    <message>
        <source>On-time handling rate</source>
        <translation>按时处置率</translation>
    </message>
    <message>
        <source>Closing rate</source>
        <translation>结案率</translation>
    </message>
    <message>
        <source>On-time closing rate</source>
        <translation>按时结案率</translation>
    </message>
    <message>
        <source>Rework rate</source>
        <translation>返工率</translation>
    </message>
    <message>
        <source>Overdue-open rate</source>
        <translation>超期未结率</translation>
    </message>
    <message>
        <source>Extension rate</source>
        <translation>延期率</translation>
    </message>
</context>
<context>
    <name>cg::LoginDialog</name>
    <message>
        <source>CityGrid: log in</source>
        <translation>CityGrid：登录</translation>
    </message>
    <message>
        <source>Login</source>
        <translation>账号</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>姓名</translation>
    </message>
    <message>
        <source>Role</source>
        <translation>角色</translation>
    </message>
    <message>
        <source>Jurisdiction or unit</source>
        <translation>辖区或单位</translation>
    </message>
    <message>
        <source>Store: %1
Choose who works at this station.</source>
        <translation>数据库：%1
请选择在本工作站值守的用户。</translation>
    </message>
    <message>
        <source>Filter by login, name, role or jurisdiction</source>
        <translation>按账号、姓名、角色或辖区筛选</translation>
    </message>
    <message>
        <source>Log in</source>
        <translation>登录</translation>
    </message>
    <message>
        <source>Quit</source>
        <translation>退出</translation>
    </message>
</context>
<context>
    <name>cg::MainWindow</name>
    <message>
        <source>CityGrid command centre</source>
        <translation>CityGrid 城市网格化管理指挥中心</translation>
    </message>
    <message>
        <source>&amp;File</source>
        <translation>文件(&amp;F)</translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation>退出(&amp;Q)</translation>
    </message>
    <message>
        <source>&amp;View</source>
        <translation>视图(&amp;V)</translation>
    </message>
    <message>
        <source>&amp;Reload queue</source>
        <translation>重新加载案件列表(&amp;R)</translation>
    </message>
    <message>
        <source>Case &amp;dock</source>
        <translation>案件详情(&amp;D)</translation>
    </message>
    <message>
        <source>Store: %1</source>
        <translation>数据库：%1</translation>
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
        <translation>无法加载案件列表：%1</translation>
    </message>
    <message>
        <source>Case %1: &quot;%2&quot; done; it is now %3.</source>
        <translation>案件 %1：已完成“%2”，当前状态为%3。</translation>
    </message>
    <message>
        <source>%1 (UTC+8)</source>
        <translation>%1（北京时间）</translation>
    </message>
    <message>
        <source>Basemap</source>
        <translation>底图</translation>
    </message>
    <message>
        <source>Open cases per grid</source>
        <translation>网格在办案件数</translation>
    </message>
    <message>
        <source>Unit grids</source>
        <translation>单元网格</translation>
    </message>
    <message>
        <source>Districts, streets and communities</source>
        <translation>区、街道和社区边界</translation>
    </message>
    <message>
        <source>Heat map of cases</source>
        <translation>案件热力图</translation>
    </message>
    <message>
        <source>Cases</source>
        <translation>案件</translation>
    </message>
    <message>
        <source>Case queue</source>
        <translation>案件队列</translation>
    </message>
    <message>
        <source>Map: grid and its cases</source>
        <translation>地图：网格及其案件</translation>
    </message>
    <message>
        <source>Click a unit grid on the map to see its cases.</source>
        <translation>在地图上点击单元网格，查看其中的案件。</translation>
    </message>
    <message>
        <source>Case</source>
        <translation>案件</translation>
    </message>
    <message>
        <source>State</source>
        <translation>状态</translation>
    </message>
    <message>
        <source>Class</source>
        <translation>类别</translation>
    </message>
    <message>
        <source>Address</source>
        <translation>地址</translation>
    </message>
    <message>
        <source>Map</source>
        <translation>地图</translation>
    </message>
    <message>
        <source>Grid code, case number or place</source>
        <translation>网格编码、案件编号或地名</translation>
    </message>
    <message>
        <source>Whole area</source>
        <translation>全图</translation>
    </message>
    <message>
        <source>Show every grid (Home)</source>
        <translation>显示全部网格（Home 键）</translation>
    </message>
    <message>
        <source>Case &amp;queue</source>
        <translation>案件队列(&amp;Q)</translation>
    </message>
    <message>
        <source>&amp;Map</source>
        <translation>地图(&amp;M)</translation>
    </message>
    <message>
        <source>Show closed cases</source>
        <translation>显示已结案件</translation>
    </message>
    <message>
        <source>City view</source>
        <translation>全市视图</translation>
    </message>
    <message>
        <source>District view</source>
        <translation>区级视图</translation>
    </message>
    <message>
        <source>Street view</source>
        <translation>街道视图</translation>
    </message>
    <message>
        <source>Map: loading grids…</source>
        <translation>地图：正在加载网格…</translation>
    </message>
    <message>
        <source>Map: %1 grids, %2 cases · 1:%3 · %4 ms</source>
        <translation>地图：%1 个网格，%2 件案件 · 1:%3 · %4 毫秒</translation>
    </message>
    <message>
        <source>Map: no grids (%1)</source>
        <translation>地图：无网格（%1）</translation>
    </message>
    <message>
        <source>Map: %1 grids</source>
        <translation>地图：%1 个网格</translation>
    </message>
    <message>
        <source>The map cannot load the cases: %1</source>
        <translation>地图无法加载案件：%1</translation>
    </message>
    <message>
        <source>No unit grid here.</source>
        <translation>此处没有单元网格。</translation>
    </message>
    <message>
        <source>&lt;b&gt;Unit grid %1&lt;/b&gt;&lt;br&gt;%2&lt;br&gt;%3 cases here, %4 open</source>
        <translation>&lt;b&gt;单元网格 %1&lt;/b&gt;&lt;br&gt;%2&lt;br&gt;共 %3 件案件，其中在办 %4 件</translation>
    </message>
    <message>
        <source>No unit grid %1 on the map.</source>
        <translation>地图上没有单元网格 %1。</translation>
    </message>
    <message>
        <source>Nothing called &quot;%1&quot;: not a grid code, place or case number.</source>
        <translation>未找到“%1”：不是网格编码、地名或案件编号。</translation>
    </message>
    <message>
        <source>Measure</source>
        <translation>量算</translation>
    </message>
    <message>
        <source>Click points on the map to measure a distance; double-click ends, Esc clears</source>
        <translation>在地图上依次点击以量算距离；双击结束，Esc 清除</translation>
    </message>
</context>
<context>
    <name>cg::MapCanvas</name>
    <message>
        <source>%1 km</source>
        <translation>%1 公里</translation>
    </message>
    <message>
        <source>%1 m</source>
        <translation>%1 米</translation>
    </message>
    <message>
        <source>&lt;b&gt;Unit grid %1&lt;/b&gt;&lt;br&gt;%2&lt;br&gt;Open cases: %3</source>
        <translation>&lt;b&gt;单元网格 %1&lt;/b&gt;&lt;br&gt;%2&lt;br&gt;在办案件：%3</translation>
    </message>
    <message>
        <source>Click to open the case under the pointer.</source>
        <translation>点击打开指针下的案件。</translation>
    </message>
</context>
<context>
    <name>cg::SessionThread</name>
    <message>
        <source>Deadline watch</source>
        <translation>时限监控</translation>
    </message>
</context>
<context>
    <name>cg::StateCountModel</name>
    <message>
        <source>All states</source>
        <translation>全部状态</translation>
    </message>
    <message>
        <source>State</source>
        <translation>状态</translation>
    </message>
    <message>
        <source>Cases</source>
        <translation>案件数</translation>
    </message>
</context>
<context>
    <name>cg::TileLayer</name>
    <message>
        <source>tile %1/%2/%3 is not an image</source>
        <translation>瓦片 %1/%2/%3 不是图像</translation>
    </message>
</context>
<context>
    <name>cg::Workflow</name>
    <message>
        <source>None</source>
        <translation>无</translation>
    </message>
    <message>
        <source>Reported</source>
        <translation>已上报</translation>
    </message>
    <message>
        <source>Verifying</source>
        <translation>核实中</translation>
    </message>
    <message>
        <source>Self-disposed</source>
        <translation>已自行处置</translation>
    </message>
    <message>
        <source>Accepted</source>
        <translation>已受理</translation>
    </message>
    <message>
        <source>Rejected</source>
        <translation>已驳回</translation>
    </message>
    <message>
        <source>Filed</source>
        <translation>已立案</translation>
    </message>
    <message>
        <source>Dispatched</source>
        <translation>已派遣</translation>
    </message>
    <message>
        <source>Return requested</source>
        <translation>申请回退</translation>
    </message>
    <message>
        <source>Voiding proposed</source>
        <translation>建议作废</translation>
    </message>
    <message>
        <source>Parking requested</source>
        <translation>申请挂账</translation>
    </message>
    <message>
        <source>Parked</source>
        <translation>已挂账</translation>
    </message>
    <message>
        <source>Handled</source>
        <translation>已处置</translation>
    </message>
    <message>
        <source>Checking</source>
        <translation>核查中</translation>
    </message>
    <message>
        <source>Check passed</source>
        <translation>核查通过</translation>
    </message>
    <message>
        <source>Check failed</source>
        <translation>核查未通过</translation>
    </message>
    <message>
        <source>Closed</source>
        <translation>已结案</translation>
    </message>
    <message>
        <source>Voided</source>
        <translation>已作废</translation>
    </message>
    <message>
        <source>Report</source>
        <translation>上报</translation>
    </message>
    <message>
        <source>Self-dispose</source>
        <translation>自行处置</translation>
    </message>
    <message>
        <source>Approve self-disposal</source>
        <translation>同意自行处置</translation>
    </message>
    <message>
        <source>Refuse self-disposal</source>
        <translation>不同意自行处置</translation>
    </message>
    <message>
        <source>Send to verify</source>
        <translation>派发核实</translation>
    </message>
    <message>
        <source>Verified: confirmed</source>
        <translation>核实：属实</translation>
    </message>
    <message>
        <source>Verified: not found</source>
        <translation>核实：不属实</translation>
    </message>
    <message>
        <source>Accept</source>
        <translation>受理</translation>
    </message>
    <message>
        <source>Reject as invalid</source>
        <translation>不予受理</translation>
    </message>
    <message>
        <source>File</source>
        <translation>立案</translation>
    </message>
    <message>
        <source>Send back</source>
        <translation>退回</translation>
    </message>
    <message>
        <source>Decline to file</source>
        <translation>不予立案</translation>
    </message>
    <message>
        <source>Dispatch</source>
        <translation>派遣</translation>
    </message>
    <message>
        <source>Report handled</source>
        <translation>处置反馈</translation>
    </message>
    <message>
        <source>Ask to return</source>
        <translation>申请回退</translation>
    </message>
    <message>
        <source>Approve return</source>
        <translation>同意回退</translation>
    </message>
    <message>
        <source>Refuse return</source>
        <translation>不同意回退</translation>
    </message>
    <message>
        <source>Propose voiding</source>
        <translation>建议作废</translation>
    </message>
    <message>
        <source>Approve voiding</source>
        <translation>同意作废</translation>
    </message>
    <message>
        <source>Refuse voiding</source>
        <translation>不同意作废</translation>
    </message>
    <message>
        <source>Ask to park</source>
        <translation>申请挂账</translation>
    </message>
    <message>
        <source>Approve parking</source>
        <translation>同意挂账</translation>
    </message>
    <message>
        <source>Refuse parking</source>
        <translation>不同意挂账</translation>
    </message>
    <message>
        <source>Resume</source>
        <translation>恢复处置</translation>
    </message>
    <message>
        <source>Ask for extension</source>
        <translation>申请延期</translation>
    </message>
    <message>
        <source>Approve extension</source>
        <translation>同意延期</translation>
    </message>
    <message>
        <source>Refuse extension</source>
        <translation>不同意延期</translation>
    </message>
    <message>
        <source>Send to check</source>
        <translation>派发核查</translation>
    </message>
    <message>
        <source>Check: fixed</source>
        <translation>核查：已整改</translation>
    </message>
    <message>
        <source>Check: not fixed</source>
        <translation>核查：未整改</translation>
    </message>
    <message>
        <source>Rework</source>
        <translation>返工</translation>
    </message>
    <message>
        <source>Check again</source>
        <translation>重新核查</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>结案</translation>
    </message>
    <message>
        <source>Urge</source>
        <translation>督办</translation>
    </message>
    <message>
        <source>Escalate</source>
        <translation>提级办理</translation>
    </message>
    <message>
        <source>Hand down</source>
        <translation>下放办理</translation>
    </message>
    <message>
        <source>Grid supervisor</source>
        <translation>网格监督员</translation>
    </message>
    <message>
        <source>Acceptor</source>
        <translation>受理员</translation>
    </message>
    <message>
        <source>Shift leader</source>
        <translation>值班长</translation>
    </message>
    <message>
        <source>Dispatcher</source>
        <translation>派遣员</translation>
    </message>
    <message>
        <source>Responsible unit</source>
        <translation>处置单位</translation>
    </message>
    <message>
        <source>Inspector</source>
        <translation>督察员</translation>
    </message>
    <message>
        <source>Centre leader</source>
        <translation>中心领导</translation>
    </message>
    <message>
        <source>Administrator</source>
        <translation>管理员</translation>
    </message>
    <message>
        <source>System</source>
        <translation>系统</translation>
    </message>
    <message>
        <source>Verify</source>
        <translation>核实</translation>
    </message>
    <message>
        <source>Review self-disposal</source>
        <translation>审核自行处置</translation>
    </message>
    <message>
        <source>Handle</source>
        <translation>处置</translation>
    </message>
    <message>
        <source>Decide return</source>
        <translation>回退审批</translation>
    </message>
    <message>
        <source>Decide voiding</source>
        <translation>作废审批</translation>
    </message>
    <message>
        <source>Decide parking</source>
        <translation>挂账审批</translation>
    </message>
    <message>
        <source>Check</source>
        <translation>核查</translation>
    </message>
    <message>
        <source>Decide rework</source>
        <translation>返工决定</translation>
    </message>
    <message>
        <source>Normal</source>
        <translation>正常结案</translation>
    </message>
    <message>
        <source>Overdue</source>
        <translation>超期结案</translation>
    </message>
    <message>
        <source>Error</source>
        <translation>差错结案</translation>
    </message>
    <message>
        <source>Special</source>
        <translation>特殊结案</translation>
    </message>
    <message>
        <source>Self-disposal</source>
        <translation>自行处置结案</translation>
    </message>
    <message>
        <source>Ordinary</source>
        <translation>一般督办</translation>
    </message>
    <message>
        <source>Key</source>
        <translation>重点督办</translation>
    </message>
    <message>
        <source>Listed</source>
        <translation>挂牌督办</translation>
    </message>
    <message>
        <source>Supervisor patrol</source>
        <translation>监督员巡查</translation>
    </message>
    <message>
        <source>12345 hotline</source>
        <translation>12345热线</translation>
    </message>
    <message>
        <source>12319 hotline</source>
        <translation>12319热线</translation>
    </message>
    <message>
        <source>Video</source>
        <translation>视频监控</translation>
    </message>
    <message>
        <source>Community workstation</source>
        <translation>社区工作站</translation>
    </message>
    <message>
        <source>Public</source>
        <translation>公众举报</translation>
    </message>
    <message>
        <source>Inspection</source>
        <translation>督察发现</translation>
    </message>
    <message>
        <source>Other department</source>
        <translation>其他部门</translation>
    </message>
    <message>
        <source>Report stage done</source>
        <translation>阶段处置反馈</translation>
    </message>
</context>
</TS>
