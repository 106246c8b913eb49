<?xml version='1.0' encoding='utf-8'?>
<TS version="2.1" language="zh_CN">
<context>
    <name>AuditPage</name>
    <message numerus="yes">
        <location filename="../../kiosk/ui/supervisor/audit_page.py" line="126" />
        <source>%n events</source>
        <translation><numerusform>%n 条记录</numerusform></translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/supervisor/audit_page.py" line="149" />
        <source>Kiosk</source>
        <translation>自助机</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/supervisor/audit_page.py" line="149" />
        <source>Outcome</source>
        <translation>结果</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/supervisor/audit_page.py" line="149" />
        <source>Action</source>
        <translation>操作</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/supervisor/audit_page.py" line="149" />
        <source>Time</source>
        <translation>时间</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/supervisor/audit_page.py" line="154" />
        <source>All</source>
        <translation>全部</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/supervisor/audit_page.py" line="156" />
        <source>Last 15 minutes</source>
        <translation>最近 15 分钟</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/supervisor/audit_page.py" line="157" />
        <source>Last hour</source>
        <translation>最近 1 小时</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/supervisor/audit_page.py" line="158" />
        <source>Today</source>
        <translation>今天</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/supervisor/audit_page.py" line="159" />
        <source>Everything</source>
        <translation>全部时间</translation>
    </message>
</context>
<context>
    <name>BookingActions</name>
    <message>
        <location filename="../../kiosk/ui/supervisor/tools/actions.py" line="87" />
        <source>Please type a reason first.</source>
        <translation>请先填写原因。</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/supervisor/tools/actions.py" line="143" />
        <source>Reason (needed to override, undo, or show a phone number)</source>
        <translation>原因（放行、撤销或查看电话时必填）</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/supervisor/tools/actions.py" line="145" />
        <source>Check in</source>
        <translation>签到</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/supervisor/tools/actions.py" line="146" />
        <source>Override</source>
        <translation>强制放行</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/supervisor/tools/actions.py" line="147" />
        <source>Undo</source>
        <translation>撤销签到</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/supervisor/tools/actions.py" line="148" />
        <source>Check out</source>
        <translation>离场</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/supervisor/tools/actions.py" line="149" />
        <source>Reprint badges</source>
        <translation>补打胸卡</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/supervisor/tools/actions.py" line="150" />
        <source>Show phone</source>
        <translation>查看电话</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/supervisor/tools/reprint.py" line="23" />
        <source>Nobody of this booking is checked in.</source>
        <translation>此预约尚无人签到。</translation>
    </message>
    <message numerus="yes">
        <location filename="../../kiosk/ui/supervisor/tools/reprint.py" line="29" />
        <source>Badges sent to the printer: %n</source>
        <translation><numerusform>已发送 %n 张胸卡到打印机</numerusform></translation>
    </message>
    <message numerus="yes">
        <location filename="../../kiosk/ui/supervisor/tools/reprint.py" line="42" />
        <source>Badges printed: %n</source>
        <translation><numerusform>已打印 %n 张胸卡</numerusform></translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/supervisor/tools/reprint.py" line="46" />
        <source>Badge printing is switched off on this kiosk.</source>
        <translation>此自助机已关闭胸卡打印。</translation>
    </message>
</context>
<context>
    <name>BookingFinder</name>
    <message>
        <location filename="../../kiosk/ui/supervisor/tools/finder.py" line="60" />
        <source>Nothing found.</source>
        <translation>未找到。</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/supervisor/tools/finder.py" line="68" />
        <source>Name, code or last 4 phone digits</source>
        <translation>姓名、预约码或手机号后 4 位</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/supervisor/tools/finder.py" line="69" />
        <source>Search</source>
        <translation>搜索</translation>
    </message>
</context>
<context>
    <name>BookingView</name>
    <message>
        <location filename="../../kiosk/ui/supervisor/tools/booking.py" line="69" />
        <source>Choose a booking</source>
        <translation>请选择一个预约</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/supervisor/tools/booking.py" line="75" />
        <source>%1 of %2 in</source>
        <translation>已签到 %1/%2</translation>
    </message>
</context>
<context>
    <name>DashboardPage</name>
    <message numerus="yes">
        <location filename="../../kiosk/ui/supervisor/dashboard.py" line="133" />
        <source>On site today: %n</source>
        <translation><numerusform>今日在场：%n 人</numerusform></translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/supervisor/dashboard.py" line="136" />
        <source>No tours today</source>
        <translation>今天没有参观场次</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/supervisor/dashboard.py" line="142" />
        <source>check-in closed</source>
        <translation>签到已截止</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/supervisor/dashboard.py" line="142" />
        <source>check-in open</source>
        <translation>签到进行中</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/supervisor/dashboard.py" line="147" />
        <source>check-in not open yet</source>
        <translation>签到尚未开始</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/supervisor/dashboard.py" line="185" />
        <location filename="../../kiosk/ui/supervisor/dashboard.py" line="197" />
        <source>Booked</source>
        <translation>预约</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/supervisor/dashboard.py" line="186" />
        <location filename="../../kiosk/ui/supervisor/dashboard.py" line="197" />
        <source>Checked in</source>
        <translation>已签到</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/supervisor/dashboard.py" line="187" />
        <source>On site now</source>
        <translation>当前在场</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/supervisor/dashboard.py" line="188" />
        <source>Still expected</source>
        <translation>尚未到达</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/supervisor/dashboard.py" line="189" />
        <source>No-shows</source>
        <translation>未到</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/supervisor/dashboard.py" line="193" />
        <source>Groups (tap a session below to switch)</source>
        <translation>分组（点击下方场次可切换）</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/supervisor/dashboard.py" line="194" />
        <source>Today's tours</source>
        <translation>今日场次</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/supervisor/dashboard.py" line="195" />
        <source>Kiosks</source>
        <translation>自助机</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/supervisor/dashboard.py" line="197" />
        <source>Arrivals every 5 minutes</source>
        <translation>每 5 分钟累计到达</translation>
    </message>
</context>
<context>
    <name>GroupMove</name>
    <message>
        <location filename="../../kiosk/ui/supervisor/tools/group_move.py" line="81" />
        <source>Moved %1 people to group %2.</source>
        <translation>已将 %1 人调到 %2 组。</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/supervisor/tools/group_move.py" line="95" />
        <source>Move to group</source>
        <translation>调整分组</translation>
    </message>
</context>
<context>
    <name>ManifestPanel</name>
    <message>
        <location filename="../../kiosk/ui/supervisor/tools/manifest.py" line="81" />
        <source>Done: %1</source>
        <translation>完成：%1</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/supervisor/tools/manifest.py" line="86" />
        <source>Guide's manifest</source>
        <translation>导游名单</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/supervisor/tools/manifest.py" line="87" />
        <source>Print</source>
        <translation>打印</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/supervisor/tools/manifest.py" line="88" />
        <source>Save as PDF</source>
        <translation>保存为 PDF</translation>
    </message>
</context>
<context>
    <name>PrintQueue</name>
    <message>
        <location filename="../../kiosk/ui/supervisor/print_queue.py" line="21" />
        <source>Sending</source>
        <translation>发送中</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/supervisor/print_queue.py" line="22" />
        <source>Printed</source>
        <translation>已打印</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/supervisor/print_queue.py" line="23" />
        <source>Failed</source>
        <translation>失败</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/supervisor/print_queue.py" line="24" />
        <source>Waiting for the printer</source>
        <translation>等待打印机</translation>
    </message>
</context>
<context>
    <name>PrinterPage</name>
    <message>
        <location filename="../../kiosk/ui/supervisor/printer_page.py" line="255" />
        <location filename="../../kiosk/ui/supervisor/printer_page.py" line="488" />
        <source>Default printer</source>
        <translation>默认打印机</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/supervisor/printer_page.py" line="302" />
        <source>62 mm continuous roll</source>
        <translation>62 毫米连续标签卷</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/supervisor/printer_page.py" line="303" />
        <source>62 × 100 mm die-cut labels</source>
        <translation>62 × 100 毫米模切标签</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/supervisor/printer_page.py" line="304" />
        <source>102 mm continuous roll (QL-1100 series)</source>
        <translation>102 毫米连续标签卷（QL-1100 系列）</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/supervisor/printer_page.py" line="305" />
        <source>102 × 152 mm die-cut labels (QL-1100 series)</source>
        <translation>102 × 152 毫米模切标签（QL-1100 系列）</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/supervisor/printer_page.py" line="313" />
        <source>Saving…</source>
        <translation>正在保存…</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/supervisor/printer_page.py" line="328" />
        <source>Saved to %1; badges print this way from now on.</source>
        <translation>已保存到 %1；从现在起按此设置打印胸卡。</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/supervisor/printer_page.py" line="332" />
        <source>%1 in the environment overrides it when the kiosk restarts.</source>
        <translation>签到机重启后，环境变量 %1 会覆盖此设置。</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/supervisor/printer_page.py" line="349" />
        <source>Printing a test badge…</source>
        <translation>正在打印测试胸卡…</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/supervisor/printer_page.py" line="361" />
        <source>Test badge sent to %1.</source>
        <translation>测试胸卡已发送到 %1。</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/supervisor/printer_page.py" line="383" />
        <source>The printer is ready.</source>
        <translation>打印机已就绪。</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/supervisor/printer_page.py" line="385" />
        <source>The printer cannot print.</source>
        <translation>打印机无法打印。</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/supervisor/printer_page.py" line="389" />
        <source>Badge printing is off.</source>
        <translation>胸卡打印已关闭。</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/supervisor/printer_page.py" line="391" />
        <source>This printer does not report its state.</source>
        <translation>这台打印机不报告自身状态。</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/supervisor/printer_page.py" line="393" />
        <source>Asking the printer…</source>
        <translation>正在查询打印机…</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/supervisor/printer_page.py" line="426" />
        <source>Print jobs: %1 failed, %2 waiting for the printer</source>
        <translation>打印任务：%1 个失败，%2 个等待打印机</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/supervisor/printer_page.py" line="453" />
        <source>Printed.</source>
        <translation>已打印。</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/supervisor/printer_page.py" line="455" />
        <source>Nothing to print: the job was printed or is printing.</source>
        <translation>无需打印：该任务已打印或正在打印。</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/supervisor/printer_page.py" line="458" />
        <source>Not printed.</source>
        <translation>未打印。</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/supervisor/printer_page.py" line="470" />
        <source>Print badges on</source>
        <translation>胸卡打印到</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/supervisor/printer_page.py" line="471" />
        <source>Printer</source>
        <translation>打印机</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/supervisor/printer_page.py" line="472" />
        <source>Printer address</source>
        <translation>打印机地址</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/supervisor/printer_page.py" line="473" />
        <source>Model</source>
        <translation>型号</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/supervisor/printer_page.py" line="474" />
        <source>Labels</source>
        <translation>标签</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/supervisor/printer_page.py" line="475" />
        <source>Badge size</source>
        <translation>胸卡尺寸</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/supervisor/printer_page.py" line="480" />
        <source>System printer (print queue)</source>
        <translation>系统打印机（打印队列）</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/supervisor/printer_page.py" line="481" />
        <source>Brother QL label printer</source>
        <translation>兄弟 QL 标签打印机</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/supervisor/printer_page.py" line="482" />
        <source>Zebra label printer (ZPL)</source>
        <translation>斑马标签打印机（ZPL）</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/supervisor/printer_page.py" line="483" />
        <source>PDF folder</source>
        <translation>PDF 文件夹</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/supervisor/printer_page.py" line="484" />
        <source>No badge printing</source>
        <translation>不打印胸卡</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/supervisor/printer_page.py" line="494" />
        <source>%1, usb://… or /dev/usb/lp0</source>
        <translation>%1、usb://… 或 /dev/usb/lp0</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/supervisor/printer_page.py" line="496" />
        <source>Save</source>
        <translation>保存</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/supervisor/printer_page.py" line="497" />
        <source>Test print</source>
        <translation>打印测试页</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/supervisor/printer_page.py" line="498" />
        <source>Retry selected job</source>
        <translation>重试所选任务</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/supervisor/printer_page.py" line="499" />
        <source>Refresh</source>
        <translation>刷新</translation>
    </message>
</context>
<context>
    <name>RosterPage</name>
    <message numerus="yes">
        <location filename="../../kiosk/ui/supervisor/roster_page.py" line="70" />
        <location filename="../../kiosk/ui/supervisor/roster_page.py" line="137" />
        <source>%n people on site now</source>
        <translation><numerusform>当前在场 %n 人</numerusform></translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/supervisor/roster_page.py" line="92" />
        <source>Writing the PDF…</source>
        <translation>正在生成 PDF…</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/supervisor/roster_page.py" line="100" />
        <source>Printing…</source>
        <translation>正在打印…</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/supervisor/roster_page.py" line="110" />
        <source>Export roster</source>
        <translation>导出名单</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/supervisor/roster_page.py" line="124" />
        <source>Done: %1</source>
        <translation>完成：%1</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/supervisor/roster_page.py" line="133" />
        <source>Print roster</source>
        <translation>打印名单</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/supervisor/roster_page.py" line="134" />
        <source>Save as PDF</source>
        <translation>保存为 PDF</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/supervisor/roster_page.py" line="135" />
        <source>Export CSV / Excel</source>
        <translation>导出 CSV / Excel</translation>
    </message>
</context>
<context>
    <name>SupervisorConsole</name>
    <message>
        <location filename="../../kiosk/ui/supervisor/console.py" line="146" />
        <source>Live counts are not updating: %1</source>
        <translation>实时人数未能更新：%1</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/supervisor/console.py" line="155" />
        <source>Headcount</source>
        <translation>人数统计</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/supervisor/console.py" line="156" />
        <source>Evacuation roster</source>
        <translation>疏散名单</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/supervisor/console.py" line="157" />
        <source>Staff tools</source>
        <translation>工作人员工具</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/supervisor/console.py" line="158" />
        <source>Sync exports</source>
        <translation>同步预约数据</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/supervisor/console.py" line="159" />
        <source>Printer</source>
        <translation>打印机</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/supervisor/console.py" line="160" />
        <source>Audit log</source>
        <translation>操作日志</translation>
    </message>
</context>
<context>
    <name>SupervisorDocuments</name>
    <message>
        <location filename="../../kiosk/ui/supervisor/documents.py" line="36" />
        <location filename="../../kiosk/ui/supervisor/documents.py" line="43" />
        <source>Name</source>
        <translation>姓名</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/supervisor/documents.py" line="37" />
        <location filename="../../kiosk/ui/supervisor/documents.py" line="44" />
        <source>Code</source>
        <translation>预约码</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/supervisor/documents.py" line="38" />
        <location filename="../../kiosk/ui/supervisor/documents.py" line="47" />
        <source>In since</source>
        <translation>入场时间</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/supervisor/documents.py" line="39" />
        <source>Kiosk</source>
        <translation>自助机</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/supervisor/documents.py" line="40" />
        <source>Phone</source>
        <translation>电话</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/supervisor/documents.py" line="45" />
        <source>Language</source>
        <translation>语言</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/supervisor/documents.py" line="46" />
        <source>Needs</source>
        <translation>特殊需求</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/supervisor/documents.py" line="63" />
        <source>Evacuation roster</source>
        <translation>疏散名单</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/supervisor/documents.py" line="64" />
        <source>On site at</source>
        <translation>在场时间</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/supervisor/documents.py" line="65" />
        <source>people</source>
        <translation>人</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/supervisor/documents.py" line="66" />
        <source>no group</source>
        <translation>未分组</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/supervisor/documents.py" line="67" />
        <source>Group</source>
        <translation>组别</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/supervisor/documents.py" line="68" />
        <source>Guide</source>
        <translation>导游</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/supervisor/documents.py" line="69" />
        <source>Meeting point</source>
        <translation>集合点</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/supervisor/documents.py" line="70" />
        <source>Nobody is on site.</source>
        <translation>目前无人在场。</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/supervisor/documents.py" line="71" />
        <source>expected</source>
        <translation>待到</translation>
    </message>
</context>
<context>
    <name>SupervisorTables</name>
    <message>
        <location filename="../../kiosk/ui/supervisor/models.py" line="55" />
        <location filename="../../kiosk/ui/supervisor/models.py" line="219" />
        <location filename="../../kiosk/ui/supervisor/models.py" line="432" />
        <source>Tour</source>
        <translation>场次</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/supervisor/models.py" line="60" />
        <source>Booked</source>
        <translation>预约</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/supervisor/models.py" line="66" />
        <location filename="../../kiosk/ui/supervisor/models.py" line="438" />
        <source>Checked in</source>
        <translation>已签到</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/supervisor/models.py" line="72" />
        <location filename="../../kiosk/ui/supervisor/models.py" line="134" />
        <source>On site</source>
        <translation>在场</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/supervisor/models.py" line="78" />
        <source>Expected</source>
        <translation>待到</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/supervisor/models.py" line="84" />
        <source>No-shows</source>
        <translation>未到</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/supervisor/models.py" line="117" />
        <location filename="../../kiosk/ui/supervisor/models.py" line="225" />
        <location filename="../../kiosk/ui/supervisor/models.py" line="478" />
        <source>Group</source>
        <translation>组别</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/supervisor/models.py" line="123" />
        <location filename="../../kiosk/ui/supervisor/models.py" line="231" />
        <source>Guide</source>
        <translation>导游</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/supervisor/models.py" line="128" />
        <source>Filled</source>
        <translation>已满程度</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/supervisor/models.py" line="140" />
        <source>Meeting point</source>
        <translation>集合点</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/supervisor/models.py" line="145" />
        <location filename="../../kiosk/ui/supervisor/models.py" line="377" />
        <source>Status</source>
        <translation>状态</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/supervisor/models.py" line="170" />
        <source>Ready</source>
        <translation>可出发</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/supervisor/models.py" line="172" />
        <source>Empty</source>
        <translation>空</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/supervisor/models.py" line="173" />
        <source>Gathering</source>
        <translation>集合中</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/supervisor/models.py" line="196" />
        <location filename="../../kiosk/ui/supervisor/models.py" line="250" />
        <location filename="../../kiosk/ui/supervisor/models.py" line="286" />
        <source>Kiosk</source>
        <translation>自助机</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/supervisor/models.py" line="201" />
        <source>Scans, last 10 min</source>
        <translation>最近 10 分钟扫码</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/supervisor/models.py" line="236" />
        <location filename="../../kiosk/ui/supervisor/models.py" line="373" />
        <location filename="../../kiosk/ui/supervisor/models.py" line="422" />
        <location filename="../../kiosk/ui/supervisor/models.py" line="468" />
        <source>Name</source>
        <translation>姓名</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/supervisor/models.py" line="240" />
        <location filename="../../kiosk/ui/supervisor/models.py" line="306" />
        <location filename="../../kiosk/ui/supervisor/models.py" line="418" />
        <source>Code</source>
        <translation>预约码</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/supervisor/models.py" line="244" />
        <source>In since</source>
        <translation>入场时间</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/supervisor/models.py" line="255" />
        <location filename="../../kiosk/ui/supervisor/models.py" line="427" />
        <source>Phone</source>
        <translation>电话</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/supervisor/models.py" line="280" />
        <location filename="../../kiosk/ui/supervisor/models.py" line="363" />
        <source>Time</source>
        <translation>时间</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/supervisor/models.py" line="291" />
        <source>Operator</source>
        <translation>操作员</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/supervisor/models.py" line="296" />
        <source>Action</source>
        <translation>操作</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/supervisor/models.py" line="301" />
        <source>Outcome</source>
        <translation>结果</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/supervisor/models.py" line="311" />
        <source>People</source>
        <translation>人数</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/supervisor/models.py" line="317" />
        <source>Detail</source>
        <translation>详情</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/supervisor/models.py" line="357" />
        <source>Job</source>
        <translation>任务</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/supervisor/models.py" line="369" />
        <location filename="../../kiosk/ui/supervisor/models.py" line="473" />
        <source>Badge</source>
        <translation>胸卡</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/supervisor/models.py" line="383" />
        <source>Printer</source>
        <translation>打印机</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/supervisor/models.py" line="388" />
        <source>Attempts</source>
        <translation>尝试次数</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/supervisor/models.py" line="394" />
        <location filename="../../kiosk/ui/supervisor/models.py" line="535" />
        <source>Reason</source>
        <translation>原因</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/supervisor/models.py" line="450" />
        <source>cancelled</source>
        <translation>已取消</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/supervisor/models.py" line="462" />
        <source>#</source>
        <translation>#</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/supervisor/models.py" line="484" />
        <source>In</source>
        <translation>入场</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/supervisor/models.py" line="490" />
        <source>Out</source>
        <translation>离场</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/supervisor/models.py" line="525" />
        <source>File</source>
        <translation>文件</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/supervisor/models.py" line="529" />
        <source>Line</source>
        <translation>行</translation>
    </message>
</context>
<context>
    <name>SyncPage</name>
    <message>
        <location filename="../../kiosk/ui/supervisor/sync_page.py" line="149" />
        <source>Choose exports</source>
        <translation>选择导出文件</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/supervisor/sync_page.py" line="159" />
        <location filename="../../kiosk/ui/supervisor/sync_page.py" line="247" />
        <source>Drop an export here</source>
        <translation>将导出文件拖放到这里</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/supervisor/sync_page.py" line="202" />
        <source>Checking…</source>
        <translation>正在检查…</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/supervisor/sync_page.py" line="202" />
        <source>Importing…</source>
        <translation>正在导入…</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/supervisor/sync_page.py" line="209" />
        <source>Dry run: nothing has been changed yet.</source>
        <translation>试运行：尚未做任何更改。</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/supervisor/sync_page.py" line="211" />
        <source>Imported.</source>
        <translation>已导入。</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/supervisor/sync_page.py" line="248" />
        <source>Choose file…</source>
        <translation>选择文件…</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/supervisor/sync_page.py" line="249" />
        <source>Complete list: cancel bookings missing from it</source>
        <translation>完整名单：取消文件中没有的预约</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/supervisor/sync_page.py" line="250" />
        <source>Check (dry run)</source>
        <translation>检查（试运行）</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/supervisor/sync_page.py" line="251" />
        <source>Apply</source>
        <translation>应用</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/supervisor/sync_page.py" line="253" />
        <source>Added</source>
        <translation>新增</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/supervisor/sync_page.py" line="254" />
        <source>Updated</source>
        <translation>更新</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/supervisor/sync_page.py" line="255" />
        <source>Unchanged</source>
        <translation>未变</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/supervisor/sync_page.py" line="256" />
        <source>Cancelled</source>
        <translation>取消</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/supervisor/sync_page.py" line="257" />
        <source>Rejected</source>
        <translation>拒绝</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/supervisor/sync_page.py" line="258" />
        <location filename="../../kiosk/ui/supervisor/sync_page.py" line="263" />
        <source>Conflicts</source>
        <translation>冲突</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/supervisor/sync_page.py" line="262" />
        <source>Rejected rows</source>
        <translation>被拒绝的行</translation>
    </message>
</context>
<context>
    <name>WalkInPanel</name>
    <message numerus="yes">
        <location filename="../../kiosk/ui/supervisor/tools/walk_in.py" line="81" />
        <source>%n free</source>
        <translation><numerusform>剩余 %n 个名额</numerusform></translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/supervisor/tools/walk_in.py" line="89" />
        <source>No tour has free places now.</source>
        <translation>目前没有尚有名额的场次。</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/supervisor/tools/walk_in.py" line="96" />
        <source>Walk-in %1 registered.</source>
        <translation>现场登记 %1 已完成。</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/supervisor/tools/walk_in.py" line="111" />
        <source>Walk-in</source>
        <translation>现场登记</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/supervisor/tools/walk_in.py" line="112" />
        <source>Name (optional)</source>
        <translation>姓名（可选）</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/supervisor/tools/walk_in.py" line="113" />
        <source>Register walk-in</source>
        <translation>登记现场访客</translation>
    </message>
</context>
</TS>