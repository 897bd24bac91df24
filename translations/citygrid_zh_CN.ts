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
    <message>
        <source>&quot;%1&quot; is not possible now: %2</source>
        <translation>当前无法执行“%1”：%2</translation>
    </message>
    <message>
        <source>%1
What you entered is kept; check it and send again.</source>
        <translation>%1
已保留您填写的内容，请核对后重新提交。</translation>
    </message>
    <message>
        <source>%1
What you entered is kept, but &quot;%2&quot; is no longer possible.</source>
        <translation>%1
已保留您填写的内容，但已无法执行“%2”。</translation>
    </message>
    <message>
        <source>Send again</source>
        <translation>重新提交</translation>
    </message>
</context>
<context>
    <name>cg::BulkActionRunner</name>
    <message>
        <source>no responsible unit fits its class in its district; dispatch it on its own</source>
        <translation>所在区没有与该类别匹配的处置单位，请单独派遣</translation>
    </message>
</context>
<context>
    <name>cg::BulkSummary</name>
    <message>
        <source>&quot;%1&quot;: %2 of %3 cases done.</source>
        <translation>“%1”：已完成 %2 / %3 件案件。</translation>
    </message>
    <message numerus="yes">
        <source>Cancelled; %n case(s) not tried.</source>
        <translation>
            <numerusform>已取消；%n 件案件未执行。</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n refused:</source>
        <translation>
            <numerusform>%n 件被拒绝：</numerusform>
        </translation>
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
    <message>
        <source>Before</source>
        <translation>处置前</translation>
    </message>
    <message>
        <source>After</source>
        <translation>处置后</translation>
    </message>
    <message>
        <source>%1 · %2
%3</source>
        <translation>%1 · %2
%3</translation>
    </message>
    <message>
        <source>%1 m</source>
        <translation>%1 米</translation>
    </message>
    <message>
        <source>Report…</source>
        <translation>上报…</translation>
    </message>
    <message>
        <source>Report a new problem</source>
        <translation>上报新问题</translation>
    </message>
    <message>
        <source>Self-dispose…</source>
        <translation>自行处置…</translation>
    </message>
    <message>
        <source>Record a problem you fixed on the spot, with photos before and after</source>
        <translation>登记现场自行处置的问题，附处置前后照片</translation>
    </message>
    <message>
        <source>Print case file…</source>
        <translation>打印案卷…</translation>
    </message>
    <message>
        <source>Save the case file (案卷) as a PDF</source>
        <translation>将案卷保存为 PDF</translation>
    </message>
    <message>
        <source>Timeline</source>
        <translation>办理过程</translation>
    </message>
    <message>
        <source>Step</source>
        <translation>环节</translation>
    </message>
    <message>
        <source>Due</source>
        <translation>期限</translation>
    </message>
    <message>
        <source>Done / left</source>
        <translation>完成 / 剩余</translation>
    </message>
    <message>
        <source>Deadlines</source>
        <translation>时限</translation>
    </message>
    <message>
        <source>Click a photo to see it large</source>
        <translation>点击照片查看大图</translation>
    </message>
    <message>
        <source>Photos</source>
        <translation>照片</translation>
    </message>
    <message>
        <source>Location</source>
        <translation>位置</translation>
    </message>
    <message>
        <source>State</source>
        <translation>状态</translation>
    </message>
    <message>
        <source>Distance</source>
        <translation>距离</translation>
    </message>
    <message>
        <source>Reported</source>
        <translation>上报时间</translation>
    </message>
    <message>
        <source>Why</source>
        <translation>关联原因</translation>
    </message>
    <message>
        <source>Double-click a case to show it</source>
        <translation>双击案件查看详情</translation>
    </message>
    <message>
        <source>Related</source>
        <translation>关联案件</translation>
    </message>
    <message>
        <source>Hotline</source>
        <translation>热线</translation>
    </message>
    <message>
        <source>Timeline (%1)</source>
        <translation>办理过程（%1）</translation>
    </message>
    <message>
        <source>done %1, on time</source>
        <translation>%1 完成（按时）</translation>
    </message>
    <message>
        <source>done %1, %2 late</source>
        <translation>%1 完成（超时 %2）</translation>
    </message>
    <message>
        <source>%1 (now)</source>
        <translation>%1（当前）</translation>
    </message>
    <message>
        <source>Handling by the unit (%1)</source>
        <translation>单位处置（%1）</translation>
    </message>
    <message>
        <source>Hotline %1 deadline</source>
        <translation>%1 热线期限</translation>
    </message>
    <message>
        <source>The file %1 is missing from the store.</source>
        <translation>数据库中缺少文件 %1。</translation>
    </message>
    <message>
        <source>%1 by %2</source>
        <translation>%1（%2 上传）</translation>
    </message>
    <message>
        <source>No photos were attached to this case.</source>
        <translation>该案件没有附带照片。</translation>
    </message>
    <message>
        <source>%1 before, %2 after.</source>
        <translation>处置前 %1 张，处置后 %2 张。</translation>
    </message>
    <message>
        <source>Photos whose file is missing: %1.</source>
        <translation>文件缺失的照片：%1。</translation>
    </message>
    <message>
        <source>Photos (%1)</source>
        <translation>照片（%1）</translation>
    </message>
    <message>
        <source>within %1 m</source>
        <translation>%1 米以内</translation>
    </message>
    <message>
        <source>same grid and class</source>
        <translation>同网格同类别</translation>
    </message>
    <message>
        <source>Related (%1)</source>
        <translation>关联案件（%1）</translation>
    </message>
    <message>
        <source>Hotline:</source>
        <translation>热线：</translation>
    </message>
    <message>
        <source>Ticket:</source>
        <translation>工单号：</translation>
    </message>
    <message>
        <source>%1 (round %2)</source>
        <translation>%1（第 %2 轮）</translation>
    </message>
    <message>
        <source>Type:</source>
        <translation>工单类型：</translation>
    </message>
    <message>
        <source>Received:</source>
        <translation>接收时间：</translation>
    </message>
    <message>
        <source>Hotline deadline:</source>
        <translation>热线期限：</translation>
    </message>
    <message>
        <source>First contact due:</source>
        <translation>首次联系期限：</translation>
    </message>
    <message>
        <source>First contact made:</source>
        <translation>首次联系时间：</translation>
    </message>
    <message>
        <source>not yet</source>
        <translation>尚未联系</translation>
    </message>
    <message>
        <source>Contact:</source>
        <translation>联系方式：</translation>
    </message>
    <message>
        <source>none given</source>
        <translation>未提供</translation>
    </message>
    <message>
        <source>Citizen&apos;s words:</source>
        <translation>市民诉求：</translation>
    </message>
    <message>
        <source>Channel:</source>
        <translation>渠道：</translation>
    </message>
    <message>
        <source>Photos attached: %1</source>
        <translation>附带照片：%1 张</translation>
    </message>
    <message>
        <source>%1 (%2 → %3)</source>
        <translation>%1（%2 → %3）</translation>
    </message>
    <message>
        <source>Case %1 was changed meanwhile: %2 by %3 (%4) at %5. It is now &quot;%6&quot;.</source>
        <translation>案件 %1 已被他人办理：%3（%4）于 %5 执行了“%2”，当前状态为“%6”。</translation>
    </message>
    <message>
        <source>Comment: %1</source>
        <translation>意见：%1</translation>
    </message>
    <message>
        <source>Case %1 was changed meanwhile. It is now &quot;%2&quot;.</source>
        <translation>案件 %1 已被他人办理，当前状态为“%2”。</translation>
    </message>
    <message>
        <source>Loading the photo…</source>
        <translation>正在加载照片…</translation>
    </message>
    <message>
        <source>The photo %1 cannot be shown: %2</source>
        <translation>无法显示照片 %1：%2</translation>
    </message>
    <message>
        <source>%1 · %2 × %3 pixels</source>
        <translation>%1 · %2 × %3 像素</translation>
    </message>
    <message>
        <source>case-file-%1.pdf</source>
        <translation>案卷-%1.pdf</translation>
    </message>
    <message>
        <source>Save the case file</source>
        <translation>保存案卷</translation>
    </message>
    <message>
        <source>PDF (*.pdf)</source>
        <translation>PDF 文件 (*.pdf)</translation>
    </message>
    <message>
        <source>No case is shown.</source>
        <translation>当前未显示案件。</translation>
    </message>
    <message>
        <source>Writing the case file…</source>
        <translation>正在生成案卷…</translation>
    </message>
    <message>
        <source>The case file was not saved.</source>
        <translation>案卷未保存。</translation>
    </message>
    <message>
        <source>Saved %1 (pages: %2).</source>
        <translation>已保存 %1（共 %2 页）。</translation>
    </message>
</context>
<context>
    <name>cg::CaseFilePdf</name>
    <message>
        <source>%1 · page %2</source>
        <translation>%1 · 第 %2 页</translation>
    </message>
    <message>
        <source>%1 (%2, %3)</source>
        <translation>%1（%2，%3）</translation>
    </message>
    <message>
        <source>Before</source>
        <translation>处置前</translation>
    </message>
    <message>
        <source>After</source>
        <translation>处置后</translation>
    </message>
    <message>
        <source>Case file %1</source>
        <translation>案卷 %1</translation>
    </message>
    <message>
        <source>Case file (案卷) %1</source>
        <translation>案卷 %1</translation>
    </message>
    <message>
        <source>%1 / %2 (%3)</source>
        <translation>%1 / %2（%3）</translation>
    </message>
    <message>
        <source>%1 · %2</source>
        <translation>%1 · %2</translation>
    </message>
    <message>
        <source>Printed %1 by %2</source>
        <translation>%2 打印于 %1</translation>
    </message>
    <message>
        <source>Facts</source>
        <translation>基本信息</translation>
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
        <source>%1 · key supervision</source>
        <translation>%1 · 重点监管</translation>
    </message>
    <message>
        <source>%1 · hard case</source>
        <translation>%1 · 难点问题</translation>
    </message>
    <message>
        <source>Priority</source>
        <translation>优先级</translation>
    </message>
    <message>
        <source>Source</source>
        <translation>来源</translation>
    </message>
    <message>
        <source>Grid</source>
        <translation>单元网格</translation>
    </message>
    <message>
        <source>Street / community</source>
        <translation>街道 / 社区</translation>
    </message>
    <message>
        <source>Address</source>
        <translation>地址</translation>
    </message>
    <message>
        <source>Position</source>
        <translation>坐标</translation>
    </message>
    <message>
        <source>%1° E, %2° N (CGCS2000)</source>
        <translation>东经 %1°，北纬 %2°（CGCS2000）</translation>
    </message>
    <message>
        <source>Description</source>
        <translation>问题描述</translation>
    </message>
    <message>
        <source>Reported</source>
        <translation>上报</translation>
    </message>
    <message>
        <source>%1 by %2</source>
        <translation>%1（%2）</translation>
    </message>
    <message>
        <source>Responsible unit</source>
        <translation>处置单位</translation>
    </message>
    <message>
        <source>Not dispatched</source>
        <translation>尚未派遣</translation>
    </message>
    <message>
        <source>Handling deadline</source>
        <translation>处置期限</translation>
    </message>
    <message>
        <source>Current step</source>
        <translation>当前环节</translation>
    </message>
    <message>
        <source>%1, due %2</source>
        <translation>%1，期限 %2</translation>
    </message>
    <message>
        <source>Finished</source>
        <translation>办结时间</translation>
    </message>
    <message>
        <source>Counters</source>
        <translation>统计</translation>
    </message>
    <message>
        <source>urges: %1 · extensions: %2 · reworks: %3 · version %4</source>
        <translation>督办 %1 次 · 延期 %2 次 · 返工 %3 次 · 版本 %4</translation>
    </message>
    <message>
        <source>Hotline ticket</source>
        <translation>热线工单</translation>
    </message>
    <message>
        <source>%1 · %2 (round %3)</source>
        <translation>%1 · %2（第 %3 轮）</translation>
    </message>
    <message>
        <source>Hotline deadline</source>
        <translation>热线期限</translation>
    </message>
    <message>
        <source>Contact</source>
        <translation>联系方式</translation>
    </message>
    <message>
        <source>Location</source>
        <translation>位置图</translation>
    </message>
    <message>
        <source>Timeline (events: %1)</source>
        <translation>办理过程（共 %1 条记录）</translation>
    </message>
    <message>
        <source>%1. %2 · %3 (%4) · %5</source>
        <translation>%1. %2 · %3（%4）· %5</translation>
    </message>
    <message>
        <source>%1 → %2</source>
        <translation>%1 → %2</translation>
    </message>
    <message>
        <source>%1 done on time (due %2)</source>
        <translation>%1按时完成（期限 %2）</translation>
    </message>
    <message>
        <source>%1 done late (due %2)</source>
        <translation>%1超时完成（期限 %2）</translation>
    </message>
    <message numerus="yes">
        <source>Photos (%n)</source>
        <translation>
            <numerusform>照片（%n 张）</numerusform>
        </translation>
    </message>
    <message>
        <source>Photo %1 is missing</source>
        <translation>照片 %1 缺失</translation>
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
    <name>cg::CaseMiniMap</name>
    <message>
        <source>Drawing the map…</source>
        <translation>正在绘制地图…</translation>
    </message>
    <message>
        <source>The case has no position.</source>
        <translation>该案件没有坐标。</translation>
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
    <message>
        <source>All classes</source>
        <translation>全部类别</translation>
    </message>
    <message>
        <source>All streets</source>
        <translation>全部街镇</translation>
    </message>
    <message>
        <source>All units</source>
        <translation>全部处置单位</translation>
    </message>
    <message>
        <source>All sources</source>
        <translation>全部来源</translation>
    </message>
    <message>
        <source>Normal priority</source>
        <translation>一般优先级</translation>
    </message>
    <message>
        <source>High priority</source>
        <translation>较高优先级</translation>
    </message>
    <message>
        <source>Urgent</source>
        <translation>紧急</translation>
    </message>
    <message>
        <source>Any priority</source>
        <translation>全部优先级</translation>
    </message>
    <message>
        <source>Reported today</source>
        <translation>今日上报</translation>
    </message>
    <message>
        <source>Last 7 days</source>
        <translation>近 7 天</translation>
    </message>
    <message>
        <source>Last 30 days</source>
        <translation>近 30 天</translation>
    </message>
    <message>
        <source>Any time</source>
        <translation>不限时间</translation>
    </message>
    <message>
        <source>Oldest first</source>
        <translation>最早上报在前</translation>
    </message>
    <message>
        <source>Due first</source>
        <translation>最先到期在前</translation>
    </message>
    <message>
        <source>Newest first</source>
        <translation>最新上报在前</translation>
    </message>
    <message>
        <source>Only cases of this class</source>
        <translation>仅显示该类别的案件</translation>
    </message>
    <message>
        <source>Only cases in this street</source>
        <translation>仅显示该街镇的案件</translation>
    </message>
    <message>
        <source>Only cases dispatched to this unit</source>
        <translation>仅显示派遣给该单位的案件</translation>
    </message>
    <message>
        <source>Only cases from this channel</source>
        <translation>仅显示来自该渠道的案件</translation>
    </message>
    <message>
        <source>Only cases reported in this period</source>
        <translation>仅显示该时段内上报的案件</translation>
    </message>
    <message>
        <source>Order of the queue</source>
        <translation>案件排序</translation>
    </message>
    <message>
        <source>Dispatch selected…</source>
        <translation>批量派遣…</translation>
    </message>
    <message>
        <source>Dispatch every selected case, one request per case (Ctrl+Shift+D)</source>
        <translation>逐件派遣选中的案件（Ctrl+Shift+D）</translation>
    </message>
    <message>
        <source>Urge selected…</source>
        <translation>批量督办…</translation>
    </message>
    <message>
        <source>Urge every selected case, one request per case (Ctrl+Shift+U)</source>
        <translation>逐件督办选中的案件（Ctrl+Shift+U）</translation>
    </message>
    <message>
        <source>Comment:</source>
        <translation>意见：</translation>
    </message>
    <message>
        <source>Bulk action</source>
        <translation>批量操作</translation>
    </message>
    <message>
        <source>The suggested unit of each case</source>
        <translation>各案件的推荐处置单位</translation>
    </message>
    <message numerus="yes">
        <source>Dispatch %n case(s)</source>
        <translation>
            <numerusform>派遣 %n 件案件</numerusform>
        </translation>
    </message>
    <message>
        <source>Unit:</source>
        <translation>处置单位：</translation>
    </message>
    <message numerus="yes">
        <source>Urge %n case(s)</source>
        <translation>
            <numerusform>督办 %n 件案件</numerusform>
        </translation>
    </message>
    <message>
        <source>Level:</source>
        <translation>督办级别：</translation>
    </message>
</context>
<context>
    <name>cg::ConnectionDialog</name>
    <message>
        <source>Connect to a CityGrid server</source>
        <translation>连接 CityGrid 服务器</translation>
    </message>
    <message>
        <source>No encryption</source>
        <translation>不加密</translation>
    </message>
    <message>
        <source>Encrypt if the server can</source>
        <translation>服务器支持时加密</translation>
    </message>
    <message>
        <source>Always encrypt</source>
        <translation>始终加密</translation>
    </message>
    <message>
        <source>Encrypt and check the server&apos;s certificate</source>
        <translation>加密并验证服务器证书</translation>
    </message>
    <message>
        <source>Encrypt and check the server&apos;s certificate and name</source>
        <translation>加密并验证服务器证书和主机名</translation>
    </message>
    <message>
        <source>CA certificate file, for the two checking modes</source>
        <translation>CA 证书文件（用于两种验证模式）</translation>
    </message>
    <message>
        <source>&amp;Host:</source>
        <translation>主机(&amp;H)：</translation>
    </message>
    <message>
        <source>P&amp;ort:</source>
        <translation>端口(&amp;O)：</translation>
    </message>
    <message>
        <source>&amp;Database:</source>
        <translation>数据库(&amp;D)：</translation>
    </message>
    <message>
        <source>&amp;User:</source>
        <translation>用户(&amp;U)：</translation>
    </message>
    <message>
        <source>&amp;TLS:</source>
        <translation>TLS(&amp;T)：</translation>
    </message>
    <message>
        <source>&amp;CA file:</source>
        <translation>CA 文件(&amp;C)：</translation>
    </message>
    <message>
        <source>Connect</source>
        <translation>连接</translation>
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
    <message>
        <source>Connect to a server…</source>
        <translation>连接服务器…</translation>
    </message>
    <message>
        <source>--user %1 does not match the server login %2 of this connection</source>
        <translation>--user %1 与本连接的服务器登录账号 %2 不一致</translation>
    </message>
    <message>
        <source>The wall console did not load within %1 s.</source>
        <translation>指挥大屏未能在 %1 秒内加载完成。</translation>
    </message>
</context>
<context>
    <name>cg::DesktopOptions</name>
    <message>
        <source>CityGrid command centre: case queue and case dock of urban grid management.</source>
        <translation>CityGrid 指挥中心：城市网格化管理的案件列表与案件详情。</translation>
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
    <message>
        <source>Open the store FILE, or the shared store at postgresql://user:password@host:port/database?sslmode=require (default: %1).</source>
        <translation>打开数据库文件 FILE，或位于 postgresql://user:password@host:port/database?sslmode=require 的共享数据库（默认：%1）。</translation>
    </message>
    <message>
        <source>FILE|URL</source>
        <translation>FILE|URL</translation>
    </message>
    <message>
        <source>Show the wall console (full screen, read only) instead of the command centre window.</source>
        <translation>显示指挥大屏（全屏、只读），而不是指挥中心窗口。</translation>
    </message>
    <message>
        <source>--store needs a file name or a postgresql:// URL.</source>
        <translation>--store 需要文件名或 postgresql:// 地址。</translation>
    </message>
</context>
<context>
    <name>cg::DispatchPanel</name>
    <message>
        <source>Filed cases to dispatch:</source>
        <translation>待派遣的已立案案件：</translation>
    </message>
    <message>
        <source>Dispatch</source>
        <translation>派遣</translation>
    </message>
    <message>
        <source>Suggested units (best first):</source>
        <translation>推荐处置单位（按匹配度排序）：</translation>
    </message>
    <message>
        <source>Dispatch to %1</source>
        <translation>派遣至 %1</translation>
    </message>
    <message>
        <source>This panel shows a jurisdiction&apos;s cases; %1 belongs to none.</source>
        <translation>本面板显示辖区内的案件；%1 不属于任何辖区。</translation>
    </message>
    <message numerus="yes">
        <source>Filed cases to dispatch: %n waiting for a unit</source>
        <translation>
            <numerusform>待派遣的已立案案件：%n 件待确定处置单位</numerusform>
        </translation>
    </message>
    <message>
        <source>Case %1: %2
%3 %4</source>
        <translation>案件 %1：%2
%3 %4</translation>
    </message>
    <message>
        <source>Component %1 (%2 m away) is owned by a unit.</source>
        <translation>部件 %1（相距 %2 米）有权属单位。</translation>
    </message>
    <message>
        <source>Handling deadline if dispatched now: %1 (limit %2)</source>
        <translation>如现在派遣，处置期限为 %1（时限 %2）</translation>
    </message>
    <message>
        <source>Case %1 dispatched; handling deadline %2.</source>
        <translation>案件 %1 已派遣，处置期限 %2。</translation>
    </message>
    <message>
        <source>Handling deadline: %1</source>
        <translation>处置期限：%1</translation>
    </message>
</context>
<context>
    <name>cg::DispatchQueueModel</name>
    <message>
        <source>Case</source>
        <translation>案件</translation>
    </message>
    <message>
        <source>Class</source>
        <translation>类别</translation>
    </message>
    <message>
        <source>Street</source>
        <translation>街镇</translation>
    </message>
    <message>
        <source>Dispatch due</source>
        <translation>派遣期限</translation>
    </message>
</context>
<context>
    <name>cg::Duplicates</name>
    <message>
        <source>Merged into case %1 (duplicate report)</source>
        <translation>已合并至案件 %1（重复上报）</translation>
    </message>
</context>
<context>
    <name>cg::DuplicatesModel</name>
    <message>
        <source>Pending</source>
        <translation>待处理</translation>
    </message>
    <message>
        <source>Merged</source>
        <translation>已合并</translation>
    </message>
    <message>
        <source>Separated</source>
        <translation>已分开办理</translation>
    </message>
    <message>
        <source>%1 (%2)</source>
        <translation>%1（%2）</translation>
    </message>
    <message>
        <source>%1 m</source>
        <translation>%1 米</translation>
    </message>
    <message>
        <source>Report</source>
        <translation>上报案件</translation>
    </message>
    <message>
        <source>Main case</source>
        <translation>主案件</translation>
    </message>
    <message>
        <source>Class</source>
        <translation>类别</translation>
    </message>
    <message>
        <source>Distance</source>
        <translation>距离</translation>
    </message>
    <message>
        <source>Detected</source>
        <translation>发现时间</translation>
    </message>
    <message>
        <source>State</source>
        <translation>状态</translation>
    </message>
</context>
<context>
    <name>cg::DuplicatesPanel</name>
    <message>
        <source>Merged into the main case.</source>
        <translation>已合并至主案件。</translation>
    </message>
    <message>
        <source>Kept as a case of its own.</source>
        <translation>已保留为独立案件。</translation>
    </message>
    <message>
        <source>Pending</source>
        <translation>待处理</translation>
    </message>
    <message>
        <source>Merged</source>
        <translation>已合并</translation>
    </message>
    <message>
        <source>Separated</source>
        <translation>已分开办理</translation>
    </message>
    <message>
        <source>All</source>
        <translation>全部</translation>
    </message>
    <message>
        <source>Merge</source>
        <translation>合并</translation>
    </message>
    <message>
        <source>Close the report as a duplicate of its main case; its reporters get the main case&apos;s result</source>
        <translation>作为主案件的重复上报予以关闭，上报人将收到主案件的处理结果</translation>
    </message>
    <message>
        <source>Separate</source>
        <translation>分开办理</translation>
    </message>
    <message>
        <source>Not the same problem: keep the report as a case of its own</source>
        <translation>不是同一问题：保留为独立案件</translation>
    </message>
</context>
<context>
    <name>cg::EscalationModel</name>
    <message>
        <source>When</source>
        <translation>时间</translation>
    </message>
    <message>
        <source>Case</source>
        <translation>案件</translation>
    </message>
    <message>
        <source>Class</source>
        <translation>类别</translation>
    </message>
    <message>
        <source>Tiers</source>
        <translation>层级变更</translation>
    </message>
    <message>
        <source>By</source>
        <translation>操作人</translation>
    </message>
    <message>
        <source>Comment</source>
        <translation>意见</translation>
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
    <message>
        <source>Grid supervisors</source>
        <translation>网格监督员</translation>
    </message>
    <message>
        <source>Acceptors</source>
        <translation>受理员</translation>
    </message>
    <message>
        <source>Shift leaders</source>
        <translation>值班长</translation>
    </message>
    <message>
        <source>Dispatchers</source>
        <translation>派遣员</translation>
    </message>
    <message>
        <source>Responsible units</source>
        <translation>处置单位</translation>
    </message>
    <message>
        <source>Unit grids</source>
        <translation>单元网格</translation>
    </message>
    <message>
        <source>Responsibility grids</source>
        <translation>责任网格</translation>
    </message>
    <message>
        <source>Communities</source>
        <translation>社区</translation>
    </message>
    <message>
        <source>Streets</source>
        <translation>街镇</translation>
    </message>
    <message>
        <source>Districts</source>
        <translation>区</translation>
    </message>
</context>
<context>
    <name>cg::EvaluationModel</name>
    <message>
        <source>Not applicable (nothing due), left out of the score: %1</source>
        <translation>不适用（无应办事项），不计入得分：%1</translation>
    </message>
    <message>
        <source>n/a</source>
        <translation>不适用</translation>
    </message>
    <message>
        <source>Rank</source>
        <translation>排名</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>名称</translation>
    </message>
    <message>
        <source>Code</source>
        <translation>编码</translation>
    </message>
    <message>
        <source>Points</source>
        <translation>得分</translation>
    </message>
    <message>
        <source>Grade</source>
        <translation>等级</translation>
    </message>
    <message>
        <source>Change</source>
        <translation>得分变化</translation>
    </message>
    <message>
        <source>Previous rank</source>
        <translation>上期排名</translation>
    </message>
</context>
<context>
    <name>cg::EvaluationPanel</name>
    <message>
        <source>Loading…</source>
        <translation>正在加载…</translation>
    </message>
    <message numerus="yes">
        <source>%n row(s), %1 compared with %2</source>
        <translation>
            <numerusform>共 %n 行，%1 与 %2 对比</numerusform>
        </translation>
    </message>
    <message>
        <source>Loading the cases of %1…</source>
        <translation>正在加载 %1 的案件…</translation>
    </message>
    <message>
        <source>Case id %1</source>
        <translation>案件 ID %1</translation>
    </message>
    <message numerus="yes">
        <source>%n case(s) in %1 with events in %2</source>
        <translation>
            <numerusform>%1 有 %n 件案件在 %2 有办理记录</numerusform>
        </translation>
    </message>
    <message>
        <source>Everywhere</source>
        <translation>全部区域</translation>
    </message>
    <message>
        <source>Within %1</source>
        <translation>%1 范围内</translation>
    </message>
    <message>
        <source>Day</source>
        <translation>日</translation>
    </message>
    <message>
        <source>Week</source>
        <translation>周</translation>
    </message>
    <message>
        <source>Month</source>
        <translation>月</translation>
    </message>
    <message>
        <source>Quarter</source>
        <translation>季度</translation>
    </message>
    <message>
        <source>Previous period</source>
        <translation>上一周期</translation>
    </message>
    <message>
        <source>Next period</source>
        <translation>下一周期</translation>
    </message>
    <message>
        <source>2026-10, 2026-W43, 2026-Q4, 2026-10-31 or 2026-10-01..2026-10-15</source>
        <translation>2026-10、2026-W43、2026-Q4、2026-10-31 或 2026-10-01..2026-10-15</translation>
    </message>
    <message>
        <source>Up</source>
        <translation>上一级</translation>
    </message>
</context>
<context>
    <name>cg::FeaturePanels</name>
    <message>
        <source>Dispatch</source>
        <translation>派遣</translation>
    </message>
    <message>
        <source>Supervision</source>
        <translation>督办</translation>
    </message>
    <message>
        <source>Inspection</source>
        <translation>巡查</translation>
    </message>
    <message>
        <source>Statistics</source>
        <translation>统计</translation>
    </message>
    <message>
        <source>Possible duplicates</source>
        <translation>疑似重复</translation>
    </message>
    <message>
        <source>Evaluation</source>
        <translation>考核评价</translation>
    </message>
</context>
<context>
    <name>cg::Inspection</name>
    <message>
        <source>Day shift</source>
        <translation>白班</translation>
    </message>
    <message>
        <source>Night shift</source>
        <translation>夜班</translation>
    </message>
</context>
<context>
    <name>cg::InspectionPanel</name>
    <message>
        <source>Assign to suggested</source>
        <translation>分配给推荐人员</translation>
    </message>
    <message>
        <source>Double-click a slot to put a supervisor on duty there</source>
        <translation>双击班次格安排监督员值班</translation>
    </message>
    <message>
        <source>Verify and check tasks (drag onto a supervisor to reassign):</source>
        <translation>核实与核查任务（拖到监督员上可改派）：</translation>
    </message>
    <message>
        <source>Supervisors:</source>
        <translation>监督员：</translation>
    </message>
    <message>
        <source>This panel shows a jurisdiction&apos;s cases; %1 belongs to none.</source>
        <translation>本面板显示辖区内的案件；%1 不属于任何辖区。</translation>
    </message>
    <message>
        <source>Duty roster: every grid is covered day and night for %1 days.</source>
        <translation>排班：未来 %1 天所有网格白班、夜班均有人值守。</translation>
    </message>
    <message>
        <source>Duty roster: %1 grid/shift slots uncovered in the next %2 days.</source>
        <translation>排班：未来 %2 天有 %1 个网格班次无人值守。</translation>
    </message>
    <message>
        <source>%1 open verify/check tasks, %2 unassigned.</source>
        <translation>在办核实/核查任务 %1 件，其中 %2 件未分配。</translation>
    </message>
    <message>
        <source>Select a task to see who should take it.</source>
        <translation>选择任务以查看推荐人员。</translation>
    </message>
    <message>
        <source>owns the grid</source>
        <translation>负责该网格</translation>
    </message>
    <message>
        <source>on duty</source>
        <translation>正在值班</translation>
    </message>
    <message numerus="yes">
        <source>%n open task(s)</source>
        <translation>
            <numerusform>在办任务 %n 件</numerusform>
        </translation>
    </message>
    <message>
        <source>%1 m away</source>
        <translation>相距 %1 米</translation>
    </message>
    <message>
        <source>No supervisor works where this case lies.</source>
        <translation>案件所在位置没有负责的监督员。</translation>
    </message>
    <message>
        <source>Suggested: </source>
        <translation>推荐：</translation>
    </message>
    <message>
        <source>Task reassigned to %1.</source>
        <translation>任务已改派给 %1。</translation>
    </message>
    <message>
        <source>Take %1 off duty</source>
        <translation>取消 %1 的值班</translation>
    </message>
    <message>
        <source>Put %1 on duty</source>
        <translation>安排 %1 值班</translation>
    </message>
    <message>
        <source>Duty roster changed.</source>
        <translation>排班已更改。</translation>
    </message>
</context>
<context>
    <name>cg::InspectionTaskModel</name>
    <message>
        <source>%1 h %2 min</source>
        <translation>%1小时%2分</translation>
    </message>
    <message>
        <source>%1 min</source>
        <translation>%1分钟</translation>
    </message>
    <message>
        <source>%1 overdue</source>
        <translation>超时%1</translation>
    </message>
    <message>
        <source>%1 left</source>
        <translation>剩余%1</translation>
    </message>
    <message>
        <source>(unassigned)</source>
        <translation>（未分配）</translation>
    </message>
    <message>
        <source>Case</source>
        <translation>案件</translation>
    </message>
    <message>
        <source>Task</source>
        <translation>任务</translation>
    </message>
    <message>
        <source>Street</source>
        <translation>街镇</translation>
    </message>
    <message>
        <source>Responsibility grid</source>
        <translation>责任网格</translation>
    </message>
    <message>
        <source>Supervisor</source>
        <translation>监督员</translation>
    </message>
    <message>
        <source>Due</source>
        <translation>期限</translation>
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
    <message>
        <source>CityGrid: log in to the server</source>
        <translation>CityGrid：登录服务器</translation>
    </message>
    <message>
        <source>Store: %1
Log in with your CityGrid login and password; the station then works with that login&apos;s rights.</source>
        <translation>数据库：%1
请使用 CityGrid 账号和密码登录，本工作站将以该账号的权限工作。</translation>
    </message>
    <message>
        <source>&amp;Login:</source>
        <translation>账号(&amp;L)：</translation>
    </message>
    <message>
        <source>&amp;Password:</source>
        <translation>密码(&amp;P)：</translation>
    </message>
    <message>
        <source>Connection settings…</source>
        <translation>连接设置…</translation>
    </message>
    <message>
        <source>Other store…</source>
        <translation>其他数据库…</translation>
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
        <source>Grid code, case number or place</source>
        <translation>网格编码、案件编号或地名</translation>
    </message>
    <message>
        <source>Whole area</source>
        <translation>全图</translation>
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
    <message numerus="yes">
        <source>%1: %n case(s)</source>
        <translation>
            <numerusform>%1：%n 件案件</numerusform>
        </translation>
    </message>
    <message>
        <source>Keyboard shortcuts</source>
        <translation>快捷键</translation>
    </message>
    <message>
        <source>The %1 translation is missing from this build.</source>
        <translation>此版本未包含 %1 界面翻译。</translation>
    </message>
    <message>
        <source>Case queues</source>
        <translation>案件队列</translation>
    </message>
    <message>
        <source>&amp;Connect to another store…</source>
        <translation>连接其他数据库(&amp;C)…</translation>
    </message>
    <message>
        <source>Open a shared PostgreSQL store and log in there</source>
        <translation>打开共享的 PostgreSQL 数据库并登录</translation>
    </message>
    <message>
        <source>&amp;Cases</source>
        <translation>案件(&amp;C)</translation>
    </message>
    <message>
        <source>&amp;Search the queue</source>
        <translation>搜索案件队列(&amp;S)</translation>
    </message>
    <message>
        <source>&amp;Open the selected case</source>
        <translation>打开选中的案件(&amp;O)</translation>
    </message>
    <message>
        <source>&amp;Dispatch selected cases…</source>
        <translation>派遣选中的案件(&amp;D)…</translation>
    </message>
    <message>
        <source>&amp;Urge selected cases…</source>
        <translation>督办选中的案件(&amp;U)…</translation>
    </message>
    <message>
        <source>&amp;Queues</source>
        <translation>队列(&amp;Q)</translation>
    </message>
    <message>
        <source>&amp;Next queue</source>
        <translation>下一个队列(&amp;N)</translation>
    </message>
    <message>
        <source>&amp;Previous queue</source>
        <translation>上一个队列(&amp;P)</translation>
    </message>
    <message>
        <source>&amp;Panels</source>
        <translation>面板(&amp;P)</translation>
    </message>
    <message>
        <source>&amp;Reset layout</source>
        <translation>恢复默认布局(&amp;R)</translation>
    </message>
    <message>
        <source>Arrange the panels as the default for your role</source>
        <translation>按您角色的默认方式排列面板</translation>
    </message>
    <message>
        <source>&amp;Language</source>
        <translation>语言(&amp;L)</translation>
    </message>
    <message>
        <source>&amp;Wall console</source>
        <translation>指挥大屏(&amp;W)</translation>
    </message>
    <message>
        <source>The full-screen overview for the wall: map, counters and lists (F11)</source>
        <translation>大屏全屏总览：地图、统计数字和列表（F11）</translation>
    </message>
    <message>
        <source>Show every grid</source>
        <translation>显示全部网格</translation>
    </message>
    <message>
        <source>Find on the map</source>
        <translation>在地图上查找</translation>
    </message>
    <message>
        <source>&amp;Help</source>
        <translation>帮助(&amp;H)</translation>
    </message>
    <message>
        <source>&amp;Keyboard shortcuts</source>
        <translation>快捷键(&amp;K)</translation>
    </message>
    <message>
        <source>Main tool bar</source>
        <translation>主工具栏</translation>
    </message>
    <message>
        <source>Map tool bar</source>
        <translation>地图工具栏</translation>
    </message>
    <message>
        <source>live</source>
        <translation>实时连接</translation>
    </message>
    <message>
        <source>not answering</source>
        <translation>无响应</translation>
    </message>
    <message>
        <source>reconnecting…</source>
        <translation>正在重新连接…</translation>
    </message>
    <message>
        <source>Store: %1 · %2</source>
        <translation>数据库：%1 · %2</translation>
    </message>
    <message>
        <source>Components</source>
        <translation>部件</translation>
    </message>
    <message>
        <source>Points of interest</source>
        <translation>兴趣点</translation>
    </message>
    <message>
        <source>Responsibility grids</source>
        <translation>责任网格</translation>
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
    <name>cg::MonthlyReport</name>
    <message>
        <source>热点 (99%)</source>
        <translation>热点 (99%)</translation>
    </message>
    <message>
        <source>热点 (95%)</source>
        <translation>热点 (95%)</translation>
    </message>
    <message>
        <source>热点 (90%)</source>
        <translation>热点 (90%)</translation>
    </message>
    <message>
        <source>冷点 (99%)</source>
        <translation>冷点 (99%)</translation>
    </message>
    <message>
        <source>冷点 (95%)</source>
        <translation>冷点 (95%)</translation>
    </message>
    <message>
        <source>冷点 (90%)</source>
        <translation>冷点 (90%)</translation>
    </message>
    <message>
        <source>不显著</source>
        <translation>不显著</translation>
    </message>
    <message>
        <source>有效上报率</source>
        <translation>有效上报率</translation>
    </message>
    <message>
        <source>漏报率</source>
        <translation>漏报率</translation>
    </message>
    <message>
        <source>按时核实率</source>
        <translation>按时核实率</translation>
    </message>
    <message>
        <source>按时核查率</source>
        <translation>按时核查率</translation>
    </message>
    <message>
        <source>按时受理率</source>
        <translation>按时受理率</translation>
    </message>
    <message>
        <source>按时立案率</source>
        <translation>按时立案率</translation>
    </message>
    <message>
        <source>准确立案率</source>
        <translation>准确立案率</translation>
    </message>
    <message>
        <source>按时派遣率</source>
        <translation>按时派遣率</translation>
    </message>
    <message>
        <source>准确派遣率</source>
        <translation>准确派遣率</translation>
    </message>
    <message>
        <source>处置率</source>
        <translation>处置率</translation>
    </message>
    <message>
        <source>按期处置率</source>
        <translation>按期处置率</translation>
    </message>
    <message>
        <source>结案率</source>
        <translation>结案率</translation>
    </message>
    <message>
        <source>按期结案率</source>
        <translation>按期结案率</translation>
    </message>
    <message>
        <source>返工率</source>
        <translation>返工率</translation>
    </message>
    <message>
        <source>超期未结率</source>
        <translation>超期未结率</translation>
    </message>
    <message>
        <source>延期率</source>
        <translation>延期率</translation>
    </message>
    <message>
        <source>%1 %2（失 %3 分）</source>
        <translation>%1 %2（失 %3 分）</translation>
    </message>
    <message>
        <source>%1年%2月</source>
        <translation>%1年%2月</translation>
    </message>
    <message>
        <source>报告：月份无效</source>
        <translation>报告：月份无效</translation>
    </message>
    <message>
        <source>一、总体情况</source>
        <translation>一、总体情况</translation>
    </message>
    <message>
        <source>二、区考核排名</source>
        <translation>二、区考核排名</translation>
    </message>
    <message>
        <source>三、街道考核排名</source>
        <translation>三、街道考核排名</translation>
    </message>
    <message>
        <source>四、处置部门考核排名</source>
        <translation>四、处置部门考核排名</translation>
    </message>
    <message>
        <source>五、热点网格</source>
        <translation>五、热点网格</translation>
    </message>
    <message>
        <source>六、重复发生问题</source>
        <translation>六、重复发生问题</translation>
    </message>
    <message>
        <source>七、薄弱环节</source>
        <translation>七、薄弱环节</translation>
    </message>
    <message>
        <source>八、漏报情况</source>
        <translation>八、漏报情况</translation>
    </message>
    <message>
        <source>九、案发时段分布</source>
        <translation>九、案发时段分布</translation>
    </message>
    <message>
        <source>层级</source>
        <translation>层级</translation>
    </message>
    <message>
        <source>排名</source>
        <translation>排名</translation>
    </message>
    <message>
        <source>代码</source>
        <translation>代码</translation>
    </message>
    <message>
        <source>名称</source>
        <translation>名称</translation>
    </message>
    <message>
        <source>得分</source>
        <translation>得分</translation>
    </message>
    <message>
        <source>等级</source>
        <translation>等级</translation>
    </message>
    <message>
        <source>上月名次</source>
        <translation>上月名次</translation>
    </message>
    <message>
        <source>上月得分</source>
        <translation>上月得分</translation>
    </message>
    <message>
        <source>得分变化</source>
        <translation>得分变化</translation>
    </message>
    <message>
        <source>名次变化</source>
        <translation>名次变化</translation>
    </message>
    <message>
        <source>应处置</source>
        <translation>应处置</translation>
    </message>
    <message>
        <source>已处置</source>
        <translation>已处置</translation>
    </message>
    <message>
        <source>按期处置</source>
        <translation>按期处置</translation>
    </message>
    <message>
        <source>应结案</source>
        <translation>应结案</translation>
    </message>
    <message>
        <source>返工</source>
        <translation>返工</translation>
    </message>
    <message>
        <source>超期未结</source>
        <translation>超期未结</translation>
    </message>
    <message>
        <source>延期</source>
        <translation>延期</translation>
    </message>
    <message>
        <source>无法写入 %1</source>
        <translation>无法写入 %1</translation>
    </message>
    <message>
        <source>区</source>
        <translation>区</translation>
    </message>
    <message>
        <source>街道</source>
        <translation>街道</translation>
    </message>
    <message>
        <source>处置部门</source>
        <translation>处置部门</translation>
    </message>
    <message>
        <source>无法写入 %1：%2</source>
        <translation>无法写入 %1：%2</translation>
    </message>
    <message>
        <source>摘要</source>
        <translation>摘要</translation>
    </message>
    <message>
        <source>%1城市网格化管理月度考核评价报告</source>
        <translation>%1城市网格化管理月度考核评价报告</translation>
    </message>
    <message>
        <source>考核月份</source>
        <translation>考核月份</translation>
    </message>
    <message>
        <source>生成时间</source>
        <translation>生成时间</translation>
    </message>
    <message>
        <source>案件数</source>
        <translation>案件数</translation>
    </message>
    <message>
        <source>已结案</source>
        <translation>已结案</translation>
    </message>
    <message>
        <source>热点网格 (99%)</source>
        <translation>热点网格 (99%)</translation>
    </message>
    <message>
        <source>热点网格 (95%)</source>
        <translation>热点网格 (95%)</translation>
    </message>
    <message>
        <source>热点网格 (90%)</source>
        <translation>热点网格 (90%)</translation>
    </message>
    <message>
        <source>重复发生问题</source>
        <translation>重复发生问题</translation>
    </message>
    <message>
        <source>重复发生问题涉及案件</source>
        <translation>重复发生问题涉及案件</translation>
    </message>
    <message>
        <source>综合得分</source>
        <translation>综合得分</translation>
    </message>
    <message>
        <source>区排名</source>
        <translation>区排名</translation>
    </message>
    <message>
        <source>街道排名</source>
        <translation>街道排名</translation>
    </message>
    <message>
        <source>处置部门排名</source>
        <translation>处置部门排名</translation>
    </message>
    <message>
        <source>热点网格</source>
        <translation>热点网格</translation>
    </message>
    <message>
        <source>网格</source>
        <translation>网格</translation>
    </message>
    <message>
        <source>位置</source>
        <translation>位置</translation>
    </message>
    <message>
        <source>Gi* z 值</source>
        <translation>Gi* z 值</translation>
    </message>
    <message>
        <source>p 值</source>
        <translation>p 值</translation>
    </message>
    <message>
        <source>类别</source>
        <translation>类别</translation>
    </message>
    <message>
        <source>重复问题</source>
        <translation>重复问题</translation>
    </message>
    <message>
        <source>类别代码</source>
        <translation>类别代码</translation>
    </message>
    <message>
        <source>首次</source>
        <translation>首次</translation>
    </message>
    <message>
        <source>最近</source>
        <translation>最近</translation>
    </message>
    <message>
        <source>薄弱环节</source>
        <translation>薄弱环节</translation>
    </message>
    <message>
        <source>主要失分原因</source>
        <translation>主要失分原因</translation>
    </message>
    <message>
        <source>漏报</source>
        <translation>漏报</translation>
    </message>
    <message>
        <source>监督员</source>
        <translation>监督员</translation>
    </message>
    <message>
        <source>姓名</source>
        <translation>姓名</translation>
    </message>
    <message>
        <source>责任网格</source>
        <translation>责任网格</translation>
    </message>
    <message>
        <source>其他渠道立案</source>
        <translation>其他渠道立案</translation>
    </message>
    <message>
        <source>自行上报</source>
        <translation>自行上报</translation>
    </message>
    <message>
        <source>漏报网格</source>
        <translation>漏报网格</translation>
    </message>
    <message>
        <source>（无监督员）</source>
        <translation>（无监督员）</translation>
    </message>
    <message>
        <source>时段分布</source>
        <translation>时段分布</translation>
    </message>
    <message>
        <source>星期 \ 小时</source>
        <translation>星期 \ 小时</translation>
    </message>
    <message>
        <source>周一</source>
        <translation>周一</translation>
    </message>
    <message>
        <source>周二</source>
        <translation>周二</translation>
    </message>
    <message>
        <source>周三</source>
        <translation>周三</translation>
    </message>
    <message>
        <source>周四</source>
        <translation>周四</translation>
    </message>
    <message>
        <source>周五</source>
        <translation>周五</translation>
    </message>
    <message>
        <source>周六</source>
        <translation>周六</translation>
    </message>
    <message>
        <source>周日</source>
        <translation>周日</translation>
    </message>
    <message>
        <source>较上月</source>
        <translation>较上月</translation>
    </message>
    <message>
        <source>城市网格化管理月度考核评价报告</source>
        <translation>城市网格化管理月度考核评价报告</translation>
    </message>
    <message>
        <source>考核期：%1 至 %2</source>
        <translation>考核期：%1 至 %2</translation>
    </message>
    <message>
        <source>生成时间：%1（北京时间）</source>
        <translation>生成时间：%1（北京时间）</translation>
    </message>
    <message>
        <source>本月共受理有效案件 %1 件；应处置 %2 件，已处置 %3 件，按期处置 %4 件；超期未结 %5 件。综合得分 %6，等级 %7。</source>
        <translation>本月共受理有效案件 %1 件；应处置 %2 件，已处置 %3 件，按期处置 %4 件；超期未结 %5 件。综合得分 %6，等级 %7。</translation>
    </message>
    <message>
        <source>指标</source>
        <translation>指标</translation>
    </message>
    <message>
        <source>数值</source>
        <translation>数值</translation>
    </message>
    <message>
        <source>热点网格（99%/95%/90%）</source>
        <translation>热点网格（99%/95%/90%）</translation>
    </message>
    <message>
        <source>%1 处（%2 件）</source>
        <translation>%1 处（%2 件）</translation>
    </message>
    <message>
        <source>图中为得分最低的 20 个处置部门。</source>
        <translation>图中为得分最低的 20 个处置部门。</translation>
    </message>
    <message>
        <source>按网格案件数计算 Getis-Ord Gi* 统计量（邻域 150 米）；|z| 大于 2.576、1.960、1.645 分别为 99%、95%、90% 置信度的热点。</source>
        <translation>按网格案件数计算 Getis-Ord Gi* 统计量（邻域 150 米）；|z| 大于 2.576、1.960、1.645 分别为 99%、95%、90% 置信度的热点。</translation>
    </message>
    <message>
        <source>本月无显著热点。</source>
        <translation>本月无显著热点。</translation>
    </message>
    <message>
        <source>z 值</source>
        <translation>z 值</translation>
    </message>
    <message>
        <source>本月无重复发生问题。</source>
        <translation>本月无重复发生问题。</translation>
    </message>
    <message>
        <source>问题类别</source>
        <translation>问题类别</translation>
    </message>
    <message>
        <source>时间</source>
        <translation>时间</translation>
    </message>
    <message>
        <source>本月街道和处置部门均在 A 级（90 分）以上，无薄弱环节。</source>
        <translation>本月街道和处置部门均在 A 级（90 分）以上，无薄弱环节。</translation>
    </message>
    <message>
        <source>漏报：12345/12319 热线、公众或视频发现并立案、而责任监督员本月未上报同类问题的网格案件。</source>
        <translation>漏报：12345/12319 热线、公众或视频发现并立案、而责任监督员本月未上报同类问题的网格案件。</translation>
    </message>
    <message>
        <source>本月无漏报。</source>
        <translation>本月无漏报。</translation>
    </message>
    <message>
        <source>漏报占比</source>
        <translation>漏报占比</translation>
    </message>
    <message>
        <source>主要网格</source>
        <translation>主要网格</translation>
    </message>
    <message>
        <source>%1城市网格化管理月度考核评价报告（%2）</source>
        <translation>%1城市网格化管理月度考核评价报告（%2）</translation>
    </message>
</context>
<context>
    <name>cg::PhotoViewer</name>
    <message>
        <source>Photo</source>
        <translation>照片</translation>
    </message>
    <message>
        <source>Fit</source>
        <translation>适应窗口</translation>
    </message>
    <message>
        <source>100 %</source>
        <translation>100%</translation>
    </message>
    <message>
        <source>Zoom in</source>
        <translation>放大</translation>
    </message>
    <message>
        <source>Zoom out</source>
        <translation>缩小</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>关闭</translation>
    </message>
    <message>
        <source>%1 %</source>
        <translation>%1%</translation>
    </message>
</context>
<context>
    <name>cg::QueueTabModel</name>
    <message>
        <source>%1 (%2)</source>
        <translation>%1（%2）</translation>
    </message>
</context>
<context>
    <name>cg::QueueTabs</name>
    <message>
        <source>All</source>
        <translation>全部</translation>
    </message>
    <message>
        <source>To accept</source>
        <translation>待受理</translation>
    </message>
    <message>
        <source>To verify</source>
        <translation>待核实</translation>
    </message>
    <message>
        <source>To file</source>
        <translation>待立案</translation>
    </message>
    <message>
        <source>To dispatch</source>
        <translation>待派遣</translation>
    </message>
    <message>
        <source>In handling</source>
        <translation>处置中</translation>
    </message>
    <message>
        <source>Requests</source>
        <translation>待审批</translation>
    </message>
    <message>
        <source>To check</source>
        <translation>待核查</translation>
    </message>
    <message>
        <source>To close</source>
        <translation>待结案</translation>
    </message>
    <message>
        <source>Overdue</source>
        <translation>已超时</translation>
    </message>
    <message>
        <source>Near due</source>
        <translation>即将超时</translation>
    </message>
    <message>
        <source>Key supervision</source>
        <translation>重点监管</translation>
    </message>
    <message>
        <source>Hard cases</source>
        <translation>难点问题</translation>
    </message>
    <message>
        <source>My tasks</source>
        <translation>我的待办</translation>
    </message>
    <message>
        <source>Every case of your jurisdiction</source>
        <translation>本辖区的全部案件</translation>
    </message>
    <message>
        <source>Reported cases and self-disposals waiting for the acceptor</source>
        <translation>等待受理员处理的上报案件和自行处置案件</translation>
    </message>
    <message>
        <source>Cases a supervisor is verifying on site</source>
        <translation>监督员正在现场核实的案件</translation>
    </message>
    <message>
        <source>Accepted cases waiting for the shift leader to file them</source>
        <translation>已受理、等待值班长立案的案件</translation>
    </message>
    <message>
        <source>Filed cases waiting for a responsible unit</source>
        <translation>已立案、等待派遣处置单位的案件</translation>
    </message>
    <message>
        <source>Cases with a responsible unit, parked ones included</source>
        <translation>已派遣处置单位的案件（含挂账案件）</translation>
    </message>
    <message>
        <source>Requests to approve: return, extension, parking and voiding</source>
        <translation>待审批的申请：回退、延期、挂账和作废</translation>
    </message>
    <message>
        <source>Handled cases to send to check, being checked, or failed the check</source>
        <translation>已处置待派发核查、核查中或核查未通过的案件</translation>
    </message>
    <message>
        <source>Cases that passed the check and wait to be closed</source>
        <translation>核查通过、等待结案的案件</translation>
    </message>
    <message>
        <source>Open cases late in their current step</source>
        <translation>当前环节已超时的在办案件</translation>
    </message>
    <message numerus="yes">
        <source>Open cases whose current step is due within %n minute(s)</source>
        <translation>
            <numerusform>当前环节将在 %n 分钟内到期的在办案件</numerusform>
        </translation>
    </message>
    <message>
        <source>Open cases under key supervision</source>
        <translation>重点监管的在办案件</translation>
    </message>
    <message>
        <source>Open hard cases</source>
        <translation>在办的难点问题案件</translation>
    </message>
    <message>
        <source>Cases waiting for an action of your role</source>
        <translation>等待您的角色办理的案件</translation>
    </message>
</context>
<context>
    <name>cg::ReportForm</name>
    <message>
        <source>Self-disposal: a problem fixed on the spot</source>
        <translation>自行处置：现场已处理的问题</translation>
    </message>
    <message>
        <source>Report a problem</source>
        <translation>上报问题</translation>
    </message>
    <message>
        <source>event</source>
        <translation>事件</translation>
    </message>
    <message>
        <source>component</source>
        <translation>部件</translation>
    </message>
    <message>
        <source>%1 %2 / %3 (%4)</source>
        <translation>%1 %2 / %3（%4）</translation>
    </message>
    <message>
        <source>Type a code or a name</source>
        <translation>输入编码或名称</translation>
    </message>
    <message>
        <source>Class:</source>
        <translation>类别：</translation>
    </message>
    <message>
        <source>14 or 15 digits, e.g. 310101002001001</source>
        <translation>14 或 15 位数字，如 310101002001001</translation>
    </message>
    <message>
        <source>Unit grid:</source>
        <translation>单元网格：</translation>
    </message>
    <message>
        <source>Address:</source>
        <translation>地址：</translation>
    </message>
    <message>
        <source>What is wrong, where exactly; this goes into the case file.</source>
        <translation>说明问题内容和具体位置，将记入案卷。</translation>
    </message>
    <message>
        <source>Description (required):</source>
        <translation>问题描述（必填）：</translation>
    </message>
    <message>
        <source>Photos before:</source>
        <translation>处置前照片：</translation>
    </message>
    <message>
        <source>Photos:</source>
        <translation>照片：</translation>
    </message>
    <message>
        <source>Photos after:</source>
        <translation>处置后照片：</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>取消</translation>
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
        <source>Choose photos</source>
        <translation>选择照片</translation>
    </message>
    <message>
        <source>Images (*.jpg *.jpeg *.png *.bmp *.gif *.webp)</source>
        <translation>图片 (*.jpg *.jpeg *.png *.bmp *.gif *.webp)</translation>
    </message>
    <message>
        <source>Choose the class of the problem from the list.</source>
        <translation>请从列表中选择问题类别。</translation>
    </message>
    <message>
        <source>Class %1 may not be self-disposed.</source>
        <translation>类别 %1 不允许自行处置。</translation>
    </message>
    <message>
        <source>Enter the unit grid code.</source>
        <translation>请输入单元网格编码。</translation>
    </message>
    <message>
        <source>Grid %1 lies outside your jurisdiction %2.</source>
        <translation>网格 %1 不在您的辖区 %2 内。</translation>
    </message>
    <message>
        <source>Describe the problem.</source>
        <translation>请填写问题描述。</translation>
    </message>
    <message>
        <source>The photo %1 cannot be read.</source>
        <translation>无法读取照片 %1。</translation>
    </message>
    <message>
        <source>Add a photo of the problem before it was fixed.</source>
        <translation>请添加处置前的问题照片。</translation>
    </message>
    <message>
        <source>Add a photo after it was fixed.</source>
        <translation>请添加处置后的照片。</translation>
    </message>
    <message>
        <source>&quot;%1&quot; is not possible: %2</source>
        <translation>无法执行“%1”：%2</translation>
    </message>
</context>
<context>
    <name>cg::RosterModel</name>
    <message>
        <source>uncovered</source>
        <translation>无人值守</translation>
    </message>
    <message>
        <source>day</source>
        <translation>白班</translation>
    </message>
    <message>
        <source>night</source>
        <translation>夜班</translation>
    </message>
</context>
<context>
    <name>cg::ServerLogin</name>
    <message>
        <source>The login or the password is wrong.</source>
        <translation>账号或密码错误。</translation>
    </message>
    <message>
        <source>The TLS setting does not match the server: choose another TLS mode or CA file in the connection settings.</source>
        <translation>TLS 设置与服务器不匹配：请在连接设置中选择其他 TLS 模式或 CA 文件。</translation>
    </message>
    <message>
        <source>The server cannot be reached: check the host and port, or the network.</source>
        <translation>无法连接服务器：请检查主机和端口，或网络连接。</translation>
    </message>
    <message>
        <source>The server has no CityGrid store under that database name.</source>
        <translation>服务器上没有该名称的 CityGrid 数据库。</translation>
    </message>
    <message>
        <source>The store belongs to a newer version of CityGrid: update CityGrid on this station.</source>
        <translation>该数据库属于更高版本的 CityGrid：请升级本工作站的 CityGrid。</translation>
    </message>
    <message>
        <source>The store has an older schema version: its administrator must update it first (citygrid-admin init).</source>
        <translation>该数据库的结构版本较旧：须先由管理员升级（citygrid-admin init）。</translation>
    </message>
    <message>
        <source>The database is not a CityGrid store.</source>
        <translation>该数据库不是 CityGrid 数据库。</translation>
    </message>
    <message>
        <source>The database user belongs to no active CityGrid user.</source>
        <translation>该数据库用户未对应任何在用的 CityGrid 用户。</translation>
    </message>
    <message>
        <source>The store cannot be opened.</source>
        <translation>无法打开数据库。</translation>
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
    <name>cg::StatisticsPanel</name>
    <message>
        <source>Last 7 days</source>
        <translation>近 7 天</translation>
    </message>
    <message>
        <source>Last 30 days</source>
        <translation>近 30 天</translation>
    </message>
    <message>
        <source>Last 90 days</source>
        <translation>近 90 天</translation>
    </message>
    <message>
        <source>Everywhere</source>
        <translation>全部区域</translation>
    </message>
    <message>
        <source>Period:</source>
        <translation>时段：</translation>
    </message>
    <message>
        <source>Area:</source>
        <translation>区域：</translation>
    </message>
    <message>
        <source>Export PNG…</source>
        <translation>导出 PNG…</translation>
    </message>
    <message>
        <source>Save &quot;%1&quot; as a PNG picture</source>
        <translation>将“%1”保存为 PNG 图片</translation>
    </message>
    <message>
        <source>New and closed cases per day</source>
        <translation>每日新增与结案案件</translation>
    </message>
    <message>
        <source>Open cases by step</source>
        <translation>在办案件环节分布</translation>
    </message>
    <message>
        <source>Top %1 classes</source>
        <translation>案件数前 %1 位的类别</translation>
    </message>
    <message>
        <source>Cases by street</source>
        <translation>各街镇案件数</translation>
    </message>
    <message>
        <source>On-time handling rate by unit (%)</source>
        <translation>各处置单位按时处置率（%）</translation>
    </message>
    <message>
        <source>This panel shows a jurisdiction&apos;s cases; %1 belongs to none.</source>
        <translation>本面板显示辖区内的案件；%1 不属于任何辖区。</translation>
    </message>
    <message>
        <source>%1 reported, %2 closed in the period.</source>
        <translation>本时段上报 %1 件，结案 %2 件。</translation>
    </message>
    <message>
        <source>New</source>
        <translation>新增</translation>
    </message>
    <message>
        <source>Closed</source>
        <translation>结案</translation>
    </message>
    <message>
        <source>No clock</source>
        <translation>不计时</translation>
    </message>
    <message>
        <source>Export chart</source>
        <translation>导出图表</translation>
    </message>
    <message>
        <source>PNG pictures (*.png)</source>
        <translation>PNG 图片 (*.png)</translation>
    </message>
    <message>
        <source>Saved %1.</source>
        <translation>已保存 %1。</translation>
    </message>
</context>
<context>
    <name>cg::SupervisedCaseModel</name>
    <message>
        <source>Case</source>
        <translation>案件</translation>
    </message>
    <message>
        <source>Class</source>
        <translation>类别</translation>
    </message>
    <message>
        <source>Street</source>
        <translation>街镇</translation>
    </message>
    <message>
        <source>Unit</source>
        <translation>处置单位</translation>
    </message>
    <message>
        <source>Step</source>
        <translation>环节</translation>
    </message>
    <message>
        <source>Due</source>
        <translation>期限</translation>
    </message>
    <message>
        <source>Urged</source>
        <translation>督办次数</translation>
    </message>
    <message>
        <source>Stage</source>
        <translation>阶段</translation>
    </message>
</context>
<context>
    <name>cg::SupervisionBoardModel</name>
    <message>
        <source>City tier</source>
        <translation>市级</translation>
    </message>
    <message>
        <source>District tier</source>
        <translation>区级</translation>
    </message>
    <message>
        <source>Street tier</source>
        <translation>街镇级</translation>
    </message>
    <message>
        <source>Community</source>
        <translation>社区</translation>
    </message>
    <message>
        <source>Tier</source>
        <translation>层级</translation>
    </message>
    <message>
        <source>Unit</source>
        <translation>处置单位</translation>
    </message>
    <message>
        <source>Street</source>
        <translation>街镇</translation>
    </message>
    <message>
        <source>Overdue</source>
        <translation>超时</translation>
    </message>
    <message>
        <source>Near due</source>
        <translation>即将超时</translation>
    </message>
    <message>
        <source>On time</source>
        <translation>正常</translation>
    </message>
</context>
<context>
    <name>cg::SupervisionPanel</name>
    <message>
        <source>Urge</source>
        <translation>督办</translation>
    </message>
    <message>
        <source>By tier</source>
        <translation>按层级</translation>
    </message>
    <message>
        <source>By street</source>
        <translation>按街镇</translation>
    </message>
    <message>
        <source>By unit</source>
        <translation>按处置单位</translation>
    </message>
    <message>
        <source> min</source>
        <translation> 分钟</translation>
    </message>
    <message>
        <source>Message to the unit or tier (required)</source>
        <translation>致处置单位或相关层级的督办意见（必填）</translation>
    </message>
    <message>
        <source>Near due within</source>
        <translation>剩余时间少于</translation>
    </message>
    <message>
        <source>Overdue and near due</source>
        <translation>超时及即将超时</translation>
    </message>
    <message>
        <source>Key supervision</source>
        <translation>重点监管</translation>
    </message>
    <message>
        <source>Hard cases</source>
        <translation>难点问题</translation>
    </message>
    <message>
        <source>Escalations</source>
        <translation>提级记录</translation>
    </message>
    <message>
        <source>This panel shows a jurisdiction&apos;s cases; %1 belongs to none.</source>
        <translation>本面板显示辖区内的案件；%1 不属于任何辖区。</translation>
    </message>
    <message>
        <source>%1 overdue, %2 near due, %3 key-supervision and %4 hard cases open.</source>
        <translation>在办案件：超时 %1 件，即将超时 %2 件，重点监管 %3 件，难点问题 %4 件。</translation>
    </message>
    <message>
        <source>Select a case to urge.</source>
        <translation>请选择要督办的案件。</translation>
    </message>
    <message>
        <source>An urge needs a message saying what is expected.</source>
        <translation>督办须填写意见，说明具体要求。</translation>
    </message>
    <message>
        <source>Case %1 urged (%2).</source>
        <translation>案件 %1 已督办（%2）。</translation>
    </message>
</context>
<context>
    <name>cg::SupervisorLoadModel</name>
    <message>
        <source>Supervisor</source>
        <translation>监督员</translation>
    </message>
    <message>
        <source>Open tasks</source>
        <translation>在办任务</translation>
    </message>
    <message>
        <source>Next due</source>
        <translation>最近期限</translation>
    </message>
</context>
<context>
    <name>cg::TaskStatusWidget</name>
    <message>
        <source>Cancel this task</source>
        <translation>取消此任务</translation>
    </message>
    <message>
        <source>%1 (cancelling…)</source>
        <translation>%1（正在取消…）</translation>
    </message>
    <message>
        <source>%1 of %2</source>
        <translation>%1 / %2</translation>
    </message>
    <message numerus="yes">
        <source>+%n more</source>
        <translation>
            <numerusform>另有 %n 项</numerusform>
        </translation>
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
    <name>cg::UnitCandidateModel</name>
    <message>
        <source>owns the component</source>
        <translation>部件权属单位</translation>
    </message>
    <message>
        <source>catalogue unit type</source>
        <translation>符合目录单位类型</translation>
    </message>
    <message>
        <source>jurisdiction</source>
        <translation>辖区匹配</translation>
    </message>
    <message>
        <source>no record</source>
        <translation>无记录</translation>
    </message>
    <message>
        <source>%1 handled, %2 of them on time, %3 open and overdue</source>
        <translation>已处置 %1 件，其中按时 %2 件；超期未结 %3 件</translation>
    </message>
    <message>
        <source>Unit</source>
        <translation>处置单位</translation>
    </message>
    <message>
        <source>Why</source>
        <translation>推荐理由</translation>
    </message>
    <message>
        <source>Open</source>
        <translation>在办</translation>
    </message>
    <message>
        <source>On time</source>
        <translation>按时率</translation>
    </message>
</context>
<context>
    <name>cg::WallConsole</name>
    <message>
        <source>No cases</source>
        <translation>无案件</translation>
    </message>
    <message>
        <source>Key supervision</source>
        <translation>重点监管</translation>
    </message>
    <message>
        <source>No open key-supervision cases</source>
        <translation>无在办的重点监管案件</translation>
    </message>
    <message>
        <source>CityGrid wall console</source>
        <translation>CityGrid 指挥大屏</translation>
    </message>
    <message>
        <source>Urban grid management · live</source>
        <translation>城市网格化管理 · 实时</translation>
    </message>
    <message>
        <source>%1 · urban grid management · live</source>
        <translation>%1 · 城市网格化管理 · 实时</translation>
    </message>
    <message>
        <source>Reported today</source>
        <translation>今日上报</translation>
    </message>
    <message>
        <source>Filed today</source>
        <translation>今日立案</translation>
    </message>
    <message>
        <source>Dispatched today</source>
        <translation>今日派遣</translation>
    </message>
    <message>
        <source>Closed today</source>
        <translation>今日结案</translation>
    </message>
    <message>
        <source>Overdue now</source>
        <translation>当前超时</translation>
    </message>
    <message>
        <source>Open cases by street</source>
        <translation>各街镇在办案件</translation>
    </message>
    <message>
        <source>Open cases by responsible unit</source>
        <translation>各处置单位在办案件</translation>
    </message>
    <message>
        <source>Hot classes of the last 7 days</source>
        <translation>近 7 天高发问题类别</translation>
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
