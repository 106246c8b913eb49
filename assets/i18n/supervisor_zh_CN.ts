<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN">
<context>
    <name>AuditPage</name>
    <message numerus="yes">
        <location filename="../../kiosk/ui/supervisor/audit_page.py" line="145"/>
        <source>%n events</source>
        <translation>
            <numerusform>%n 条记录</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/supervisor/audit_page.py" line="150"/>
        <location filename="../../kiosk/ui/supervisor/audit_page.py" line="164"/>
        <source>Kiosk</source>
        <translation>自助机</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/supervisor/audit_page.py" line="150"/>
        <location filename="../../kiosk/ui/supervisor/audit_page.py" line="165"/>
        <source>Outcome</source>
        <translation>结果</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/supervisor/audit_page.py" line="150"/>
        <location filename="../../kiosk/ui/supervisor/audit_page.py" line="166"/>
        <source>Action</source>
        <translation>操作</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/supervisor/audit_page.py" line="150"/>
        <location filename="../../kiosk/ui/supervisor/audit_page.py" line="167"/>
        <source>Time</source>
        <translation>时间</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/supervisor/audit_page.py" line="155"/>
        <source>All</source>
        <translation>全部</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/supervisor/audit_page.py" line="157"/>
        <source>Last 15 minutes</source>
        <translation>最近 15 分钟</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/supervisor/audit_page.py" line="158"/>
        <source>Last hour</source>
        <translation>最近 1 小时</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/supervisor/audit_page.py" line="159"/>
        <source>Today</source>
        <translation>今天</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/supervisor/audit_page.py" line="160"/>
        <source>Everything</source>
        <translation>全部时间</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/supervisor/audit_page.py" line="164"/>
        <source>Show the events of one kiosk.</source>
        <translation>只显示一台终端的记录。</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/supervisor/audit_page.py" line="165"/>
        <source>Show one outcome only.</source>
        <translation>只显示一种结果。</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/supervisor/audit_page.py" line="166"/>
        <source>Show one kind of action only.</source>
        <translation>只显示一种操作。</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/supervisor/audit_page.py" line="167"/>
        <source>How far back to show events.</source>
        <translation>显示多久以内的记录。</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/supervisor/audit_page.py" line="169"/>
        <source>Audit log</source>
        <translation>操作记录</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/supervisor/audit_page.py" line="169"/>
        <source>Every scan and staff action, newest first.</source>
        <translation>每次扫码和员工操作，最新的在前。</translation>
    </message>
</context>
<context>
    <name>BookingActions</name>
    <message>
        <location filename="../../kiosk/ui/supervisor/tools/actions.py" line="88"/>
        <source>Please type a reason first.</source>
        <translation>请先填写原因。</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/supervisor/tools/actions.py" line="144"/>
        <source>Reason (needed to override, undo, or show a phone number)</source>
        <translation>原因（放行、撤销或查看电话时必填）</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/supervisor/tools/actions.py" line="146"/>
        <location filename="../../kiosk/ui/supervisor/tools/actions.py" line="157"/>
        <source>Check in</source>
        <translation>签到</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/supervisor/tools/actions.py" line="147"/>
        <location filename="../../kiosk/ui/supervisor/tools/actions.py" line="160"/>
        <source>Override</source>
        <translation>强制放行</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/supervisor/tools/actions.py" line="148"/>
        <location filename="../../kiosk/ui/supervisor/tools/actions.py" line="163"/>
        <source>Undo</source>
        <translation>撤销签到</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/supervisor/tools/actions.py" line="149"/>
        <location filename="../../kiosk/ui/supervisor/tools/actions.py" line="164"/>
        <source>Check out</source>
        <translation>离场</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/supervisor/tools/actions.py" line="150"/>
        <location filename="../../kiosk/ui/supervisor/tools/actions.py" line="166"/>
        <source>Reprint badges</source>
        <translation>补打胸卡</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/supervisor/tools/actions.py" line="151"/>
        <location filename="../../kiosk/ui/supervisor/tools/actions.py" line="170"/>
        <source>Show phone</source>
        <translation>查看电话</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/supervisor/tools/actions.py" line="154"/>
        <source>Reason</source>
        <translation>原因</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/supervisor/tools/actions.py" line="155"/>
        <source>Needed to override, undo, or show a phone number; it is logged.</source>
        <translation>强制放行、撤销或查看手机号时必填，并会记录。</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/supervisor/tools/actions.py" line="157"/>
        <source>Checks the party in.</source>
        <translation>为这组访客签到。</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/supervisor/tools/actions.py" line="161"/>
        <source>Checks the party in despite a refusal, with the reason given.</source>
        <translation>按填写的原因强制为这组访客签到。</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/supervisor/tools/actions.py" line="163"/>
        <source>Takes back the party&apos;s check-in.</source>
        <translation>撤销这组访客的签到。</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/supervisor/tools/actions.py" line="164"/>
        <source>Marks the party as left.</source>
        <translation>记录这组访客已离场。</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/supervisor/tools/actions.py" line="166"/>
        <source>Prints the party&apos;s badges.</source>
        <translation>打印这组访客的胸牌。</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/supervisor/tools/actions.py" line="171"/>
        <source>Shows the whole phone number once, with the reason logged.</source>
        <translation>显示一次完整手机号，并记录原因。</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/supervisor/tools/reprint.py" line="23"/>
        <source>Nobody of this booking is checked in.</source>
        <translation>此预约尚无人签到。</translation>
    </message>
    <message numerus="yes">
        <location filename="../../kiosk/ui/supervisor/tools/reprint.py" line="29"/>
        <source>Badges sent to the printer: %n</source>
        <translation>
            <numerusform>已发送 %n 张胸卡到打印机</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../../kiosk/ui/supervisor/tools/reprint.py" line="42"/>
        <source>Badges printed: %n</source>
        <translation>
            <numerusform>已打印 %n 张胸卡</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/supervisor/tools/reprint.py" line="46"/>
        <source>Badge printing is switched off on this kiosk.</source>
        <translation>此自助机已关闭胸卡打印。</translation>
    </message>
</context>
<context>
    <name>BookingFinder</name>
    <message>
        <location filename="../../kiosk/ui/supervisor/tools/finder.py" line="61"/>
        <source>Nothing found.</source>
        <translation>未找到。</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/supervisor/tools/finder.py" line="69"/>
        <source>Name, code or last 4 phone digits</source>
        <translation>姓名、预约码或手机号后 4 位</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/supervisor/tools/finder.py" line="70"/>
        <location filename="../../kiosk/ui/supervisor/tools/finder.py" line="76"/>
        <source>Search</source>
        <translation>搜索</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/supervisor/tools/finder.py" line="73"/>
        <source>Search for a booking</source>
        <translation>查找预约</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/supervisor/tools/finder.py" line="74"/>
        <source>A name, pinyin or initials, a code, or the last 4 phone digits.</source>
        <translation>姓名、拼音或首字母、预约码，或手机尾号四位。</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/supervisor/tools/finder.py" line="76"/>
        <source>Finds the bookings.</source>
        <translation>查找预约。</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/supervisor/tools/finder.py" line="77"/>
        <source>Bookings found</source>
        <translation>找到的预约</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/supervisor/tools/finder.py" line="77"/>
        <source>Tap one to see its party.</source>
        <translation>点按一条查看其访客。</translation>
    </message>
</context>
<context>
    <name>BookingView</name>
    <message>
        <location filename="../../kiosk/ui/supervisor/tools/booking.py" line="70"/>
        <source>Choose a booking</source>
        <translation>请选择一个预约</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/supervisor/tools/booking.py" line="76"/>
        <source>%1 of %2 in</source>
        <translation>已签到 %1/%2</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/supervisor/tools/booking.py" line="83"/>
        <source>Party</source>
        <translation>访客</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/supervisor/tools/booking.py" line="83"/>
        <source>Each person of the booking.</source>
        <translation>预约中的每一位访客。</translation>
    </message>
</context>
<context>
    <name>DashboardPage</name>
    <message numerus="yes">
        <location filename="../../kiosk/ui/supervisor/dashboard.py" line="127"/>
        <source>On site today: %n</source>
        <translation>
            <numerusform>今日在场：%n 人</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/supervisor/dashboard.py" line="130"/>
        <source>No tours today</source>
        <translation>今天没有参观场次</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/supervisor/dashboard.py" line="136"/>
        <source>check-in closed</source>
        <translation>签到已截止</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/supervisor/dashboard.py" line="136"/>
        <source>check-in open</source>
        <translation>签到进行中</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/supervisor/dashboard.py" line="141"/>
        <source>check-in not open yet</source>
        <translation>签到尚未开始</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/supervisor/dashboard.py" line="163"/>
        <location filename="../../kiosk/ui/supervisor/dashboard.py" line="175"/>
        <source>Booked</source>
        <translation>预约</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/supervisor/dashboard.py" line="164"/>
        <location filename="../../kiosk/ui/supervisor/dashboard.py" line="175"/>
        <source>Checked in</source>
        <translation>已签到</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/supervisor/dashboard.py" line="165"/>
        <source>On site now</source>
        <translation>当前在场</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/supervisor/dashboard.py" line="166"/>
        <source>Still expected</source>
        <translation>尚未到达</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/supervisor/dashboard.py" line="167"/>
        <source>No-shows</source>
        <translation>未到</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/supervisor/dashboard.py" line="171"/>
        <source>Groups (tap a session below to switch)</source>
        <translation>分组（点击下方场次可切换）</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/supervisor/dashboard.py" line="172"/>
        <location filename="../../kiosk/ui/supervisor/dashboard.py" line="184"/>
        <source>Today&apos;s tours</source>
        <translation>今日场次</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/supervisor/dashboard.py" line="173"/>
        <location filename="../../kiosk/ui/supervisor/dashboard.py" line="187"/>
        <source>Kiosks</source>
        <translation>自助机</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/supervisor/dashboard.py" line="175"/>
        <source>Arrivals every 5 minutes</source>
        <translation>每 5 分钟累计到达</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/supervisor/dashboard.py" line="179"/>
        <source>Groups</source>
        <translation>分组</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/supervisor/dashboard.py" line="180"/>
        <source>Each group of the tour: guide, people in, places left.</source>
        <translation>本场次各分组：导游、已到人数、剩余名额。</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/supervisor/dashboard.py" line="185"/>
        <source>Tap a tour to see its numbers.</source>
        <translation>点按场次查看其人数。</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/supervisor/dashboard.py" line="187"/>
        <source>Check-ins by kiosk today.</source>
        <translation>今天各终端的签到数。</translation>
    </message>
</context>
<context>
    <name>GroupMove</name>
    <message>
        <location filename="../../kiosk/ui/supervisor/tools/group_move.py" line="82"/>
        <source>Moved %1 people to group %2.</source>
        <translation>已将 %1 人调到 %2 组。</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/supervisor/tools/group_move.py" line="96"/>
        <location filename="../../kiosk/ui/supervisor/tools/group_move.py" line="99"/>
        <source>Move to group</source>
        <translation>调整分组</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/supervisor/tools/group_move.py" line="97"/>
        <source>Group</source>
        <translation>分组</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/supervisor/tools/group_move.py" line="97"/>
        <source>The group to move the party to.</source>
        <translation>要将这组访客调入的分组。</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/supervisor/tools/group_move.py" line="99"/>
        <source>Moves the party to that group.</source>
        <translation>将这组访客调入该分组。</translation>
    </message>
</context>
<context>
    <name>ManifestPanel</name>
    <message>
        <location filename="../../kiosk/ui/supervisor/tools/manifest.py" line="82"/>
        <source>Done: %1</source>
        <translation>完成：%1</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/supervisor/tools/manifest.py" line="87"/>
        <source>Guide&apos;s manifest</source>
        <translation>导游名单</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/supervisor/tools/manifest.py" line="88"/>
        <location filename="../../kiosk/ui/supervisor/tools/manifest.py" line="91"/>
        <source>Print</source>
        <translation>打印</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/supervisor/tools/manifest.py" line="89"/>
        <location filename="../../kiosk/ui/supervisor/tools/manifest.py" line="92"/>
        <source>Save as PDF</source>
        <translation>保存为 PDF</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/supervisor/tools/manifest.py" line="90"/>
        <source>Group</source>
        <translation>分组</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/supervisor/tools/manifest.py" line="90"/>
        <source>The group whose list to print.</source>
        <translation>要打印名单的分组。</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/supervisor/tools/manifest.py" line="91"/>
        <source>Prints the guide&apos;s list.</source>
        <translation>打印导游名单。</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/supervisor/tools/manifest.py" line="92"/>
        <source>Saves the list as a PDF.</source>
        <translation>将名单保存为 PDF。</translation>
    </message>
</context>
<context>
    <name>PrintQueue</name>
    <message>
        <location filename="../../kiosk/ui/supervisor/print_queue.py" line="21"/>
        <source>Sending</source>
        <translation>发送中</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/supervisor/print_queue.py" line="22"/>
        <source>Printed</source>
        <translation>已打印</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/supervisor/print_queue.py" line="23"/>
        <source>Failed</source>
        <translation>失败</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/supervisor/print_queue.py" line="24"/>
        <source>Waiting for the printer</source>
        <translation>等待打印机</translation>
    </message>
</context>
<context>
    <name>PrinterPage</name>
    <message>
        <location filename="../../kiosk/ui/supervisor/printer_page.py" line="256"/>
        <location filename="../../kiosk/ui/supervisor/printer_page.py" line="489"/>
        <source>Default printer</source>
        <translation>默认打印机</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/supervisor/printer_page.py" line="303"/>
        <source>62 mm continuous roll</source>
        <translation>62 毫米连续标签卷</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/supervisor/printer_page.py" line="304"/>
        <source>62 × 100 mm die-cut labels</source>
        <translation>62 × 100 毫米模切标签</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/supervisor/printer_page.py" line="305"/>
        <source>102 mm continuous roll (QL-1100 series)</source>
        <translation>102 毫米连续标签卷（QL-1100 系列）</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/supervisor/printer_page.py" line="306"/>
        <source>102 × 152 mm die-cut labels (QL-1100 series)</source>
        <translation>102 × 152 毫米模切标签（QL-1100 系列）</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/supervisor/printer_page.py" line="314"/>
        <source>Saving…</source>
        <translation>正在保存…</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/supervisor/printer_page.py" line="329"/>
        <source>Saved to %1; badges print this way from now on.</source>
        <translation>已保存到 %1；从现在起按此设置打印胸卡。</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/supervisor/printer_page.py" line="333"/>
        <source>%1 in the environment overrides it when the kiosk restarts.</source>
        <translation>签到机重启后，环境变量 %1 会覆盖此设置。</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/supervisor/printer_page.py" line="350"/>
        <source>Printing a test badge…</source>
        <translation>正在打印测试胸卡…</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/supervisor/printer_page.py" line="362"/>
        <source>Test badge sent to %1.</source>
        <translation>测试胸卡已发送到 %1。</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/supervisor/printer_page.py" line="384"/>
        <source>The printer is ready.</source>
        <translation>打印机已就绪。</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/supervisor/printer_page.py" line="386"/>
        <source>The printer cannot print.</source>
        <translation>打印机无法打印。</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/supervisor/printer_page.py" line="390"/>
        <source>Badge printing is off.</source>
        <translation>胸卡打印已关闭。</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/supervisor/printer_page.py" line="392"/>
        <source>This printer does not report its state.</source>
        <translation>这台打印机不报告自身状态。</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/supervisor/printer_page.py" line="394"/>
        <source>Asking the printer…</source>
        <translation>正在查询打印机…</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/supervisor/printer_page.py" line="427"/>
        <source>Print jobs: %1 failed, %2 waiting for the printer</source>
        <translation>打印任务：%1 个失败，%2 个等待打印机</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/supervisor/printer_page.py" line="454"/>
        <source>Printed.</source>
        <translation>已打印。</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/supervisor/printer_page.py" line="456"/>
        <source>Nothing to print: the job was printed or is printing.</source>
        <translation>无需打印：该任务已打印或正在打印。</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/supervisor/printer_page.py" line="459"/>
        <source>Not printed.</source>
        <translation>未打印。</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/supervisor/printer_page.py" line="471"/>
        <source>Print badges on</source>
        <translation>胸卡打印到</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/supervisor/printer_page.py" line="472"/>
        <source>Printer</source>
        <translation>打印机</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/supervisor/printer_page.py" line="473"/>
        <source>Printer address</source>
        <translation>打印机地址</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/supervisor/printer_page.py" line="474"/>
        <source>Model</source>
        <translation>型号</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/supervisor/printer_page.py" line="475"/>
        <source>Labels</source>
        <translation>标签</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/supervisor/printer_page.py" line="476"/>
        <source>Badge size</source>
        <translation>胸卡尺寸</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/supervisor/printer_page.py" line="481"/>
        <source>System printer (print queue)</source>
        <translation>系统打印机（打印队列）</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/supervisor/printer_page.py" line="482"/>
        <source>Brother QL label printer</source>
        <translation>兄弟 QL 标签打印机</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/supervisor/printer_page.py" line="483"/>
        <source>Zebra label printer (ZPL)</source>
        <translation>斑马标签打印机（ZPL）</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/supervisor/printer_page.py" line="484"/>
        <source>PDF folder</source>
        <translation>PDF 文件夹</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/supervisor/printer_page.py" line="485"/>
        <source>No badge printing</source>
        <translation>不打印胸卡</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/supervisor/printer_page.py" line="495"/>
        <source>%1, usb://… or /dev/usb/lp0</source>
        <translation>%1、usb://… 或 /dev/usb/lp0</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/supervisor/printer_page.py" line="497"/>
        <location filename="../../kiosk/ui/supervisor/printer_page.py" line="514"/>
        <source>Save</source>
        <translation>保存</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/supervisor/printer_page.py" line="498"/>
        <location filename="../../kiosk/ui/supervisor/printer_page.py" line="515"/>
        <source>Test print</source>
        <translation>打印测试页</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/supervisor/printer_page.py" line="499"/>
        <location filename="../../kiosk/ui/supervisor/printer_page.py" line="518"/>
        <source>Retry selected job</source>
        <translation>重试所选任务</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/supervisor/printer_page.py" line="500"/>
        <location filename="../../kiosk/ui/supervisor/printer_page.py" line="522"/>
        <source>Refresh</source>
        <translation>刷新</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/supervisor/printer_page.py" line="508"/>
        <source>Choose, then Save.</source>
        <translation>选择后点击保存。</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/supervisor/printer_page.py" line="512"/>
        <source>The label printer&apos;s network address or USB device.</source>
        <translation>标签打印机的网络地址或 USB 设备。</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/supervisor/printer_page.py" line="514"/>
        <source>Keeps these printer settings.</source>
        <translation>保存这些打印机设置。</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/supervisor/printer_page.py" line="515"/>
        <source>Prints one sample badge.</source>
        <translation>打印一张样例胸牌。</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/supervisor/printer_page.py" line="519"/>
        <source>Prints the job chosen in the list again.</source>
        <translation>重新打印列表中选中的任务。</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/supervisor/printer_page.py" line="522"/>
        <source>Asks the printer for its state.</source>
        <translation>查询打印机状态。</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/supervisor/printer_page.py" line="525"/>
        <source>Print jobs</source>
        <translation>打印任务</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/supervisor/printer_page.py" line="525"/>
        <source>Badges printed and waiting, newest first.</source>
        <translation>已打印和等待中的胸牌，最新的在前。</translation>
    </message>
</context>
<context>
    <name>RosterPage</name>
    <message numerus="yes">
        <location filename="../../kiosk/ui/supervisor/roster_page.py" line="69"/>
        <location filename="../../kiosk/ui/supervisor/roster_page.py" line="135"/>
        <source>%n people on site now</source>
        <translation>
            <numerusform>当前在场 %n 人</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/supervisor/roster_page.py" line="82"/>
        <source>Writing the PDF…</source>
        <translation>正在生成 PDF…</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/supervisor/roster_page.py" line="90"/>
        <source>Printing…</source>
        <translation>正在打印…</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/supervisor/roster_page.py" line="100"/>
        <source>Export roster</source>
        <translation>导出名单</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/supervisor/roster_page.py" line="114"/>
        <source>Done: %1</source>
        <translation>完成：%1</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/supervisor/roster_page.py" line="117"/>
        <location filename="../../kiosk/ui/supervisor/roster_page.py" line="120"/>
        <source>Print roster</source>
        <translation>打印名单</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/supervisor/roster_page.py" line="118"/>
        <location filename="../../kiosk/ui/supervisor/roster_page.py" line="122"/>
        <source>Save as PDF</source>
        <translation>保存为 PDF</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/supervisor/roster_page.py" line="119"/>
        <location filename="../../kiosk/ui/supervisor/roster_page.py" line="126"/>
        <source>Export CSV / Excel</source>
        <translation>导出 CSV / Excel</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/supervisor/roster_page.py" line="120"/>
        <source>Prints who is on site now.</source>
        <translation>打印当前在场人员。</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/supervisor/roster_page.py" line="122"/>
        <source>Saves the roster as a PDF file.</source>
        <translation>将名单保存为 PDF 文件。</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/supervisor/roster_page.py" line="127"/>
        <source>Saves the check-ins as a spreadsheet.</source>
        <translation>将签到记录保存为表格。</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/supervisor/roster_page.py" line="131"/>
        <source>Evacuation roster</source>
        <translation>疏散名单</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/supervisor/roster_page.py" line="132"/>
        <source>Everyone on site now, by group, for a roll call.</source>
        <translation>按分组列出当前在场的所有人，用于点名。</translation>
    </message>
</context>
<context>
    <name>SupervisorConsole</name>
    <message>
        <location filename="../../kiosk/ui/supervisor/console.py" line="161"/>
        <source>Live counts are not updating: %1</source>
        <translation>实时人数未能更新：%1</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/supervisor/console.py" line="177"/>
        <source>Headcount</source>
        <translation>人数统计</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/supervisor/console.py" line="178"/>
        <source>Evacuation roster</source>
        <translation>疏散名单</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/supervisor/console.py" line="179"/>
        <source>Staff tools</source>
        <translation>工作人员工具</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/supervisor/console.py" line="180"/>
        <source>Sync exports</source>
        <translation>同步预约数据</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/supervisor/console.py" line="181"/>
        <source>Printer</source>
        <translation>打印机</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/supervisor/console.py" line="182"/>
        <source>Audit log</source>
        <translation>操作日志</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/supervisor/console.py" line="186"/>
        <source>Shows this page of the console.</source>
        <translation>显示控制台的此页面。</translation>
    </message>
</context>
<context>
    <name>SupervisorDocuments</name>
    <message>
        <location filename="../../kiosk/ui/supervisor/documents.py" line="33"/>
        <location filename="../../kiosk/ui/supervisor/documents.py" line="40"/>
        <source>Name</source>
        <translation>姓名</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/supervisor/documents.py" line="34"/>
        <location filename="../../kiosk/ui/supervisor/documents.py" line="41"/>
        <source>Code</source>
        <translation>预约码</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/supervisor/documents.py" line="35"/>
        <location filename="../../kiosk/ui/supervisor/documents.py" line="44"/>
        <source>In since</source>
        <translation>入场时间</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/supervisor/documents.py" line="36"/>
        <source>Kiosk</source>
        <translation>自助机</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/supervisor/documents.py" line="37"/>
        <source>Phone</source>
        <translation>电话</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/supervisor/documents.py" line="42"/>
        <source>Language</source>
        <translation>语言</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/supervisor/documents.py" line="43"/>
        <source>Needs</source>
        <translation>特殊需求</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/supervisor/documents.py" line="60"/>
        <source>Evacuation roster</source>
        <translation>疏散名单</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/supervisor/documents.py" line="61"/>
        <source>On site at</source>
        <translation>在场时间</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/supervisor/documents.py" line="62"/>
        <source>people</source>
        <translation>人</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/supervisor/documents.py" line="63"/>
        <source>no group</source>
        <translation>未分组</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/supervisor/documents.py" line="64"/>
        <source>Group</source>
        <translation>组别</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/supervisor/documents.py" line="65"/>
        <source>Guide</source>
        <translation>导游</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/supervisor/documents.py" line="66"/>
        <source>Meeting point</source>
        <translation>集合点</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/supervisor/documents.py" line="67"/>
        <source>Nobody is on site.</source>
        <translation>目前无人在场。</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/supervisor/documents.py" line="68"/>
        <source>expected</source>
        <translation>待到</translation>
    </message>
</context>
<context>
    <name>SupervisorTables</name>
    <message>
        <location filename="../../kiosk/ui/supervisor/models.py" line="62"/>
        <location filename="../../kiosk/ui/supervisor/models.py" line="214"/>
        <location filename="../../kiosk/ui/supervisor/models.py" line="424"/>
        <source>Tour</source>
        <translation>场次</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/supervisor/models.py" line="67"/>
        <source>Booked</source>
        <translation>预约</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/supervisor/models.py" line="73"/>
        <location filename="../../kiosk/ui/supervisor/models.py" line="430"/>
        <source>Checked in</source>
        <translation>已签到</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/supervisor/models.py" line="79"/>
        <location filename="../../kiosk/ui/supervisor/models.py" line="126"/>
        <source>On site</source>
        <translation>在场</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/supervisor/models.py" line="85"/>
        <source>Expected</source>
        <translation>待到</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/supervisor/models.py" line="91"/>
        <source>No-shows</source>
        <translation>未到</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/supervisor/models.py" line="109"/>
        <location filename="../../kiosk/ui/supervisor/models.py" line="220"/>
        <location filename="../../kiosk/ui/supervisor/models.py" line="470"/>
        <source>Group</source>
        <translation>组别</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/supervisor/models.py" line="115"/>
        <location filename="../../kiosk/ui/supervisor/models.py" line="226"/>
        <source>Guide</source>
        <translation>导游</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/supervisor/models.py" line="120"/>
        <source>Filled</source>
        <translation>已满程度</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/supervisor/models.py" line="132"/>
        <source>Meeting point</source>
        <translation>集合点</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/supervisor/models.py" line="137"/>
        <location filename="../../kiosk/ui/supervisor/models.py" line="369"/>
        <source>Status</source>
        <translation>状态</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/supervisor/models.py" line="160"/>
        <source>Ready</source>
        <translation>可出发</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/supervisor/models.py" line="162"/>
        <source>Empty</source>
        <translation>空</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/supervisor/models.py" line="163"/>
        <source>Gathering</source>
        <translation>集合中</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/supervisor/models.py" line="191"/>
        <location filename="../../kiosk/ui/supervisor/models.py" line="245"/>
        <location filename="../../kiosk/ui/supervisor/models.py" line="278"/>
        <source>Kiosk</source>
        <translation>自助机</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/supervisor/models.py" line="196"/>
        <source>Scans, last 10 min</source>
        <translation>最近 10 分钟扫码</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/supervisor/models.py" line="231"/>
        <location filename="../../kiosk/ui/supervisor/models.py" line="365"/>
        <location filename="../../kiosk/ui/supervisor/models.py" line="414"/>
        <location filename="../../kiosk/ui/supervisor/models.py" line="460"/>
        <source>Name</source>
        <translation>姓名</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/supervisor/models.py" line="235"/>
        <location filename="../../kiosk/ui/supervisor/models.py" line="298"/>
        <location filename="../../kiosk/ui/supervisor/models.py" line="410"/>
        <source>Code</source>
        <translation>预约码</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/supervisor/models.py" line="239"/>
        <source>In since</source>
        <translation>入场时间</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/supervisor/models.py" line="250"/>
        <location filename="../../kiosk/ui/supervisor/models.py" line="419"/>
        <source>Phone</source>
        <translation>电话</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/supervisor/models.py" line="272"/>
        <location filename="../../kiosk/ui/supervisor/models.py" line="355"/>
        <source>Time</source>
        <translation>时间</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/supervisor/models.py" line="283"/>
        <source>Operator</source>
        <translation>操作员</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/supervisor/models.py" line="288"/>
        <source>Action</source>
        <translation>操作</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/supervisor/models.py" line="293"/>
        <source>Outcome</source>
        <translation>结果</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/supervisor/models.py" line="303"/>
        <source>People</source>
        <translation>人数</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/supervisor/models.py" line="309"/>
        <source>Detail</source>
        <translation>详情</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/supervisor/models.py" line="349"/>
        <source>Job</source>
        <translation>任务</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/supervisor/models.py" line="361"/>
        <location filename="../../kiosk/ui/supervisor/models.py" line="465"/>
        <source>Badge</source>
        <translation>胸卡</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/supervisor/models.py" line="375"/>
        <source>Printer</source>
        <translation>打印机</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/supervisor/models.py" line="380"/>
        <source>Attempts</source>
        <translation>尝试次数</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/supervisor/models.py" line="386"/>
        <location filename="../../kiosk/ui/supervisor/models.py" line="524"/>
        <source>Reason</source>
        <translation>原因</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/supervisor/models.py" line="442"/>
        <source>cancelled</source>
        <translation>已取消</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/supervisor/models.py" line="454"/>
        <source>#</source>
        <translation>#</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/supervisor/models.py" line="476"/>
        <source>In</source>
        <translation>入场</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/supervisor/models.py" line="482"/>
        <source>Out</source>
        <translation>离场</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/supervisor/models.py" line="514"/>
        <source>File</source>
        <translation>文件</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/supervisor/models.py" line="518"/>
        <source>Line</source>
        <translation>行</translation>
    </message>
</context>
<context>
    <name>SyncPage</name>
    <message>
        <location filename="../../kiosk/ui/supervisor/sync_page.py" line="208"/>
        <source>Choose exports</source>
        <translation>选择导出文件</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/supervisor/sync_page.py" line="221"/>
        <location filename="../../kiosk/ui/supervisor/sync_page.py" line="412"/>
        <source>Drop an export here</source>
        <translation>将导出文件拖放到这里</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/supervisor/sync_page.py" line="341"/>
        <source>Checking…</source>
        <translation>正在检查…</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/supervisor/sync_page.py" line="341"/>
        <source>Importing…</source>
        <translation>正在导入…</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/supervisor/sync_page.py" line="348"/>
        <source>Dry run: nothing has been changed yet.</source>
        <translation>试运行：尚未做任何更改。</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/supervisor/sync_page.py" line="350"/>
        <source>Imported.</source>
        <translation>已导入。</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/supervisor/sync_page.py" line="413"/>
        <location filename="../../kiosk/ui/supervisor/sync_page.py" line="419"/>
        <source>Choose file…</source>
        <translation>选择文件…</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/supervisor/sync_page.py" line="414"/>
        <source>Complete list: cancel bookings missing from it</source>
        <translation>完整名单：取消文件中没有的预约</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/supervisor/sync_page.py" line="415"/>
        <location filename="../../kiosk/ui/supervisor/sync_page.py" line="425"/>
        <source>Check (dry run)</source>
        <translation>检查（试运行）</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/supervisor/sync_page.py" line="416"/>
        <location filename="../../kiosk/ui/supervisor/sync_page.py" line="428"/>
        <source>Apply</source>
        <translation>应用</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/supervisor/sync_page.py" line="420"/>
        <source>Opens a file chooser for an export.</source>
        <translation>打开文件选择窗口选择导出文件。</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/supervisor/sync_page.py" line="422"/>
        <source>Only for a complete export.</source>
        <translation>仅用于完整的导出文件。</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/supervisor/sync_page.py" line="426"/>
        <source>Reads the export and shows what would change; nothing is saved.</source>
        <translation>读取导出文件并显示将发生的变化，不保存任何内容。</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/supervisor/sync_page.py" line="428"/>
        <source>Saves the export&apos;s bookings.</source>
        <translation>保存导出文件中的预约。</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/supervisor/sync_page.py" line="431"/>
        <source>Column mapping</source>
        <translation>列映射</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/supervisor/sync_page.py" line="432"/>
        <source>How the export&apos;s columns are read.</source>
        <translation>如何读取导出文件的各列。</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/supervisor/sync_page.py" line="435"/>
        <source>Rows not imported, and why.</source>
        <translation>未导入的行及原因。</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/supervisor/sync_page.py" line="437"/>
        <source>Rows that need a decision.</source>
        <translation>需要决定如何处理的行。</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/supervisor/sync_page.py" line="439"/>
        <source>Added</source>
        <translation>新增</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/supervisor/sync_page.py" line="440"/>
        <source>Updated</source>
        <translation>更新</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/supervisor/sync_page.py" line="441"/>
        <source>Unchanged</source>
        <translation>未变</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/supervisor/sync_page.py" line="442"/>
        <source>Cancelled</source>
        <translation>取消</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/supervisor/sync_page.py" line="443"/>
        <source>Rejected</source>
        <translation>拒绝</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/supervisor/sync_page.py" line="437"/>
        <location filename="../../kiosk/ui/supervisor/sync_page.py" line="444"/>
        <location filename="../../kiosk/ui/supervisor/sync_page.py" line="449"/>
        <source>Conflicts</source>
        <translation>冲突</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/supervisor/sync_page.py" line="435"/>
        <location filename="../../kiosk/ui/supervisor/sync_page.py" line="448"/>
        <source>Rejected rows</source>
        <translation>被拒绝的行</translation>
    </message>
</context>
<context>
    <name>WalkInPanel</name>
    <message numerus="yes">
        <location filename="../../kiosk/ui/supervisor/tools/walk_in.py" line="80"/>
        <source>%n free</source>
        <translation>
            <numerusform>剩余 %n 个名额</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/supervisor/tools/walk_in.py" line="86"/>
        <source>No tour has free places now.</source>
        <translation>目前没有尚有名额的场次。</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/supervisor/tools/walk_in.py" line="93"/>
        <source>Walk-in %1 registered.</source>
        <translation>现场登记 %1 已完成。</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/supervisor/tools/walk_in.py" line="108"/>
        <source>Walk-in</source>
        <translation>现场登记</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/supervisor/tools/walk_in.py" line="109"/>
        <location filename="../../kiosk/ui/supervisor/tools/walk_in.py" line="114"/>
        <source>Name (optional)</source>
        <translation>姓名（可选）</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/supervisor/tools/walk_in.py" line="110"/>
        <location filename="../../kiosk/ui/supervisor/tools/walk_in.py" line="117"/>
        <source>Register walk-in</source>
        <translation>登记现场访客</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/supervisor/tools/walk_in.py" line="111"/>
        <source>Tour</source>
        <translation>场次</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/supervisor/tools/walk_in.py" line="111"/>
        <source>The tour the walk-ins join.</source>
        <translation>现场报名访客参加的场次。</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/supervisor/tools/walk_in.py" line="112"/>
        <source>One fewer</source>
        <translation>减少一人</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/supervisor/tools/walk_in.py" line="112"/>
        <source>One person fewer.</source>
        <translation>减少一人。</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/supervisor/tools/walk_in.py" line="113"/>
        <source>One more</source>
        <translation>增加一人</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/supervisor/tools/walk_in.py" line="113"/>
        <source>One person more.</source>
        <translation>增加一人。</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/supervisor/tools/walk_in.py" line="114"/>
        <source>The walk-in&apos;s name.</source>
        <translation>现场报名访客的姓名。</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/supervisor/tools/walk_in.py" line="118"/>
        <source>Books and checks in the walk-in party.</source>
        <translation>为现场报名的访客登记并签到。</translation>
    </message>
</context>
</TS>
