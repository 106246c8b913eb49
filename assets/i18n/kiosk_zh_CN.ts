<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN">
<context>
    <name>KeypadPage</name>
    <message>
        <location filename="../../kiosk/ui/pages/keypad_page.py" line="73" />
        <source>Type the booking code</source>
        <translation>请输入预约码</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/pages/keypad_page.py" line="74" />
        <source>⌫ Delete</source>
        <translation>⌫ 删除</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/pages/keypad_page.py" line="75" />
        <source>Clear</source>
        <translation>清空</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/pages/keypad_page.py" line="76" />
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/pages/keypad_page.py" line="77" />
        <source>OK</source>
        <translation>确定</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <location filename="../../kiosk/ui/main_window.py" line="388" />
        <source>Tour check-in kiosk</source>
        <translation>参观签到机</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/main_window.py" line="389" />
        <source>Working…</source>
        <translation>正在处理…</translation>
    </message>
</context>
<context>
    <name>PartyPage</name>
    <message>
        <location filename="../../kiosk/ui/pages/party_page.py" line="126" />
        <source>How many of your party are here?</source>
        <translation>您的同行人员到了几位？</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/pages/party_page.py" line="127" />
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/pages/party_page.py" line="131" />
        <source>Booking %1 · %2 booked</source>
        <translation>预约 %1 · 共 %2 位</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/pages/party_page.py" line="136" />
        <source>%1 already checked in</source>
        <translation>已签到 %1 位</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/pages/party_page.py" line="153" />
        <source>of %1 still expected</source>
        <translation>待签到共 %1 位</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/pages/party_page.py" line="155" />
        <location filename="../../kiosk/ui/pages/party_page.py" line="194" />
        <source>Check in %1 people</source>
        <translation>为 %1 位签到</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/pages/party_page.py" line="157" />
        <location filename="../../kiosk/ui/pages/party_page.py" line="196" />
        <source>Check in 1 person</source>
        <translation>为 1 位签到</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/pages/party_page.py" line="167" />
        <source>Guest %1/%2</source>
        <translation>访客 %1/%2</translation>
    </message>
</context>
<context>
    <name>PinPage</name>
    <message>
        <location filename="../../kiosk/ui/pages/pin_page.py" line="113" />
        <source>Staff PIN</source>
        <translation>工作人员 PIN</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/pages/pin_page.py" line="114" />
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/pages/pin_page.py" line="115" />
        <source>OK</source>
        <translation>确定</translation>
    </message>
</context>
<context>
    <name>ResultPage</name>
    <message>
        <location filename="../../kiosk/ui/pages/result_page.py" line="150" />
        <source>Done</source>
        <translation>完成</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/pages/result_page.py" line="161" />
        <source>Booking %1</source>
        <translation>预约 %1</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/pages/result_page.py" line="165" />
        <source>%1 of %2 checked in</source>
        <translation>已签到 %1/%2 位</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/pages/result_page.py" line="177" />
        <source>Welcome! Checked in</source>
        <translation>欢迎！签到成功</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/pages/result_page.py" line="178" />
        <source>Checked in: part of the party</source>
        <translation>部分人员已签到</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/pages/result_page.py" line="179" />
        <source>Already checked in</source>
        <translation>已经签到过了</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/pages/result_page.py" line="180" />
        <source>Too early to check in</source>
        <translation>签到尚未开始</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/pages/result_page.py" line="181" />
        <source>Check-in has closed</source>
        <translation>签到已截止</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/pages/result_page.py" line="182" />
        <source>Not today's booking</source>
        <translation>不是今天的预约</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/pages/result_page.py" line="183" />
        <source>Booking cancelled</source>
        <translation>预约已取消</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/pages/result_page.py" line="188" />
        <source>Payment pending</source>
        <translation>尚未付款</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/pages/result_page.py" line="184" />
        <source>Booking not found</source>
        <translation>未找到预约</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/pages/result_page.py" line="185" />
        <source>Ticket not valid</source>
        <translation>电子票无效</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/pages/result_page.py" line="186" />
        <source>Checked out</source>
        <translation>已签退</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/pages/result_page.py" line="187" />
        <source>Not checked in</source>
        <translation>尚未签到</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/pages/result_page.py" line="190" />
        <source>Checked in provisionally: staff will confirm</source>
        <translation>临时签到：工作人员将核实</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/pages/result_page.py" line="191" />
        <source>Please ask a member of staff</source>
        <translation>请联系工作人员</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/pages/result_page.py" line="207" />
        <source>Group %1</source>
        <translation>%1 组</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/pages/result_page.py" line="209" />
        <source>Guide: %1</source>
        <translation>导游：%1</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/pages/result_page.py" line="209" />
        <source>to be announced</source>
        <translation>待定</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/pages/result_page.py" line="212" />
        <source>Meeting point: %1</source>
        <translation>集合点：%1</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/pages/result_page.py" line="226" />
        <source>Checked in: %1</source>
        <translation>已签到：%1</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/pages/result_page.py" line="233" />
        <source>Guest %1/%2</source>
        <translation>访客 %1/%2</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/pages/result_page.py" line="237" />
        <source>Printing badges…</source>
        <translation>正在打印胸牌…</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/pages/result_page.py" line="238" />
        <source>Badges printed: please take them</source>
        <translation>胸牌已打印，请取走</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/pages/result_page.py" line="239" />
        <source>Printer problem: staff will reprint your badges</source>
        <translation>打印机故障，工作人员将为您补打胸牌</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/pages/result_page.py" line="247" />
        <source>Back to start in %1 s</source>
        <translation>%1 秒后返回首页</translation>
    </message>
</context>
<context>
    <name>ScanPage</name>
    <message>
        <location filename="../../kiosk/ui/pages/scan_page.py" line="136" />
        <source>Scan your QR code</source>
        <translation>请扫描二维码</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/pages/scan_page.py" line="137" />
        <source>Hold the code from your booking under the scanner.</source>
        <translation>请将预约二维码对准扫描器。</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/pages/scan_page.py" line="138" />
        <source>Enter code</source>
        <translation>输入预约码</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/pages/scan_page.py" line="139" />
        <source>Search</source>
        <translation>查找预约</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/pages/scan_page.py" line="140" />
        <source>Staff</source>
        <translation>工作人员</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/pages/scan_page.py" line="152" />
        <source>Tour check-in</source>
        <translation>参观签到</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/pages/scan_page.py" line="157" />
        <source>No tour open for check-in right now</source>
        <translation>当前没有可签到的场次</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/pages/scan_page.py" line="162" />
        <source>Checking in: %1 (%2–%3)</source>
        <translation>正在签到：%1（%2–%3）</translation>
    </message>
</context>
<context>
    <name>SearchModel</name>
    <message>
        <location filename="../../kiosk/ui/search_model.py" line="25" />
        <source>Code</source>
        <translation>预约码</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/search_model.py" line="26" />
        <source>Name</source>
        <translation>姓名</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/search_model.py" line="27" />
        <source>Phone</source>
        <translation>手机号</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/search_model.py" line="28" />
        <source>Tour</source>
        <translation>场次</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/search_model.py" line="29" />
        <source>Party</source>
        <translation>人数</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/search_model.py" line="30" />
        <source>Checked in</source>
        <translation>已签到</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/search_model.py" line="91" />
        <source>cancelled</source>
        <translation>已取消</translation>
    </message>
</context>
<context>
    <name>SearchPage</name>
    <message>
        <location filename="../../kiosk/ui/pages/search_page.py" line="94" />
        <source>Find a booking</source>
        <translation>查找预约</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/pages/search_page.py" line="95" />
        <source>Back</source>
        <translation>返回</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/pages/search_page.py" line="96" />
        <source>Name or last 4 digits of the phone number</source>
        <translation>姓名或手机号后 4 位</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/pages/search_page.py" line="107" />
        <source>Type at least 2 characters.</source>
        <translation>请至少输入 2 个字符。</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/pages/search_page.py" line="109" />
        <source>No booking found.</source>
        <translation>未找到预约。</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/pages/search_page.py" line="112" />
        <source>Bookings found: %1. Tap one to check in.</source>
        <translation>找到 %1 条预约，点击一条即可签到。</translation>
    </message>
</context>
<context>
    <name>StaffPage</name>
    <message>
        <location filename="../../kiosk/ui/pages/staff_page.py" line="103" />
        <source>The badge printer is ready.</source>
        <translation>胸卡打印机已就绪。</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/pages/staff_page.py" line="105" />
        <source>The badge printer cannot print; see the Printer page.</source>
        <translation>胸卡打印机无法打印，请查看主管控制台的打印机页面。</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/pages/staff_page.py" line="114" />
        <source>Staff menu</source>
        <translation>工作人员菜单</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/pages/staff_page.py" line="116" />
        <source>Badges waiting for the printer print by themselves once it is ready again.</source>
        <translation>等待中的胸卡会在打印机恢复就绪后自动打印。</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/pages/staff_page.py" line="118" />
        <source>Gate mode (staff check-in)</source>
        <translation>闸口模式（工作人员签到）</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/pages/staff_page.py" line="119" />
        <source>Self-service mode (visitors)</source>
        <translation>自助模式（访客）</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/pages/staff_page.py" line="120" />
        <source>Supervisor console</source>
        <translation>主管控制台</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/pages/staff_page.py" line="121" />
        <source>Close the kiosk program</source>
        <translation>关闭签到程序</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/pages/staff_page.py" line="122" />
        <source>Back</source>
        <translation>返回</translation>
    </message>
</context>
<context>
    <name>SupervisorPage</name>
    <message>
        <location filename="../../kiosk/ui/pages/supervisor_page.py" line="61" />
        <source>Supervisor</source>
        <translation>主管</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/pages/supervisor_page.py" line="62" />
        <source>Staff menu</source>
        <translation>工作人员菜单</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/pages/supervisor_page.py" line="64" />
        <source>The supervisor console is not available in this version.</source>
        <translation>此版本暂不提供主管控制台。</translation>
    </message>
</context>
</TS>