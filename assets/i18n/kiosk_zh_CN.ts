<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN">
<context>
    <name>KeypadPage</name>
    <message>
        <location filename="../../kiosk/ui/pages/keypad_page.py" line="76"/>
        <source>Type the booking code</source>
        <translation>请输入预约码</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/pages/keypad_page.py" line="77"/>
        <source>⌫ Delete</source>
        <translation>⌫ 删除</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/pages/keypad_page.py" line="78"/>
        <location filename="../../kiosk/ui/pages/keypad_page.py" line="84"/>
        <source>Clear</source>
        <translation>清空</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/pages/keypad_page.py" line="79"/>
        <location filename="../../kiosk/ui/pages/keypad_page.py" line="85"/>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/pages/keypad_page.py" line="80"/>
        <location filename="../../kiosk/ui/pages/keypad_page.py" line="86"/>
        <source>OK</source>
        <translation>确定</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/pages/keypad_page.py" line="82"/>
        <source>Types %1 into the booking code.</source>
        <translation>在预约码中输入 %1。</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/pages/keypad_page.py" line="83"/>
        <source>Delete</source>
        <translation>删除</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/pages/keypad_page.py" line="83"/>
        <source>Deletes the last character.</source>
        <translation>删除最后一个字符。</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/pages/keypad_page.py" line="84"/>
        <source>Deletes the whole code.</source>
        <translation>清空整个预约码。</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/pages/keypad_page.py" line="85"/>
        <source>Back to the scan page.</source>
        <translation>返回扫码页面。</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/pages/keypad_page.py" line="86"/>
        <source>Checks in the booking with this code.</source>
        <translation>用此预约码签到。</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/pages/keypad_page.py" line="94"/>
        <source>Booking code</source>
        <translation>预约码</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/pages/keypad_page.py" line="95"/>
        <source>Nothing typed yet.</source>
        <translation>尚未输入。</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <location filename="../../kiosk/ui/main_window.py" line="413"/>
        <source>Tour check-in kiosk</source>
        <translation>参观签到机</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/main_window.py" line="414"/>
        <source>Working…</source>
        <translation>正在处理…</translation>
    </message>
</context>
<context>
    <name>PartyPage</name>
    <message>
        <location filename="../../kiosk/ui/pages/party_page.py" line="140"/>
        <source>How many of your party are here?</source>
        <translation>您的同行人员到了几位？</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/pages/party_page.py" line="141"/>
        <location filename="../../kiosk/ui/pages/party_page.py" line="199"/>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/pages/party_page.py" line="145"/>
        <source>Booking %1 · %2 booked</source>
        <translation>预约 %1 · 共 %2 位</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/pages/party_page.py" line="150"/>
        <source>%1 already checked in</source>
        <translation>已签到 %1 位</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/pages/party_page.py" line="167"/>
        <source>Ticked: checked in now. Tap to change.</source>
        <translation>已勾选：现在签到。点按可更改。</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/pages/party_page.py" line="169"/>
        <source>Not ticked: not checked in now. Tap to change.</source>
        <translation>未勾选：现在不签到。点按可更改。</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/pages/party_page.py" line="174"/>
        <source>of %1 still expected</source>
        <translation>待签到共 %1 位</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/pages/party_page.py" line="176"/>
        <source>Check in %1 people</source>
        <translation>为 %1 位签到</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/pages/party_page.py" line="178"/>
        <source>Check in 1 person</source>
        <translation>为 1 位签到</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/pages/party_page.py" line="184"/>
        <source>One fewer</source>
        <translation>减少一人</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/pages/party_page.py" line="184"/>
        <source>One person fewer is checked in.</source>
        <translation>签到人数减少一人。</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/pages/party_page.py" line="186"/>
        <source>One more</source>
        <translation>增加一人</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/pages/party_page.py" line="186"/>
        <source>One person more is checked in.</source>
        <translation>签到人数增加一人。</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/pages/party_page.py" line="189"/>
        <source>People checking in</source>
        <translation>签到人数</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/pages/party_page.py" line="195"/>
        <source>Checks in the people chosen and prints their badges.</source>
        <translation>为所选人员签到并打印胸牌。</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/pages/party_page.py" line="200"/>
        <source>Back to the scan page; nobody is checked in.</source>
        <translation>返回扫码页面，不为任何人签到。</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/pages/party_page.py" line="208"/>
        <source>Guest %1/%2</source>
        <translation>访客 %1/%2</translation>
    </message>
</context>
<context>
    <name>PinPage</name>
    <message>
        <location filename="../../kiosk/ui/pages/pin_page.py" line="117"/>
        <source>Staff PIN</source>
        <translation>工作人员 PIN</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/pages/pin_page.py" line="118"/>
        <location filename="../../kiosk/ui/pages/pin_page.py" line="123"/>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/pages/pin_page.py" line="119"/>
        <location filename="../../kiosk/ui/pages/pin_page.py" line="124"/>
        <source>OK</source>
        <translation>确定</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/pages/pin_page.py" line="121"/>
        <source>Types a digit of the PIN.</source>
        <translation>输入一位密码数字。</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/pages/pin_page.py" line="122"/>
        <source>Delete</source>
        <translation>删除</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/pages/pin_page.py" line="122"/>
        <source>Deletes the last digit.</source>
        <translation>删除最后一位数字。</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/pages/pin_page.py" line="123"/>
        <source>Back without unlocking.</source>
        <translation>不解锁并返回。</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/pages/pin_page.py" line="124"/>
        <source>Unlocks with the PIN typed.</source>
        <translation>用输入的密码解锁。</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/pages/pin_page.py" line="152"/>
        <source>PIN</source>
        <translation>密码</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/pages/pin_page.py" line="153"/>
        <source>%1 digits typed</source>
        <translation>已输入 %1 位</translation>
    </message>
</context>
<context>
    <name>ResultPage</name>
    <message>
        <location filename="../../kiosk/ui/pages/result_page.py" line="168"/>
        <location filename="../../kiosk/ui/pages/result_page.py" line="169"/>
        <source>Done</source>
        <translation>完成</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/pages/result_page.py" line="169"/>
        <source>Back to the scan page now.</source>
        <translation>立即返回扫码页面。</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/pages/result_page.py" line="180"/>
        <source>Booking %1</source>
        <translation>预约 %1</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/pages/result_page.py" line="184"/>
        <source>%1 of %2 checked in</source>
        <translation>已签到 %1/%2 位</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/pages/result_page.py" line="194"/>
        <source>Checked in</source>
        <translation>已签到</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/pages/result_page.py" line="195"/>
        <source>Please note</source>
        <translation>请注意</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/pages/result_page.py" line="203"/>
        <source>Welcome! Checked in</source>
        <translation>欢迎！签到成功</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/pages/result_page.py" line="204"/>
        <source>Checked in: part of the party</source>
        <translation>部分人员已签到</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/pages/result_page.py" line="205"/>
        <source>Already checked in</source>
        <translation>已经签到过了</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/pages/result_page.py" line="206"/>
        <source>Too early to check in</source>
        <translation>签到尚未开始</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/pages/result_page.py" line="207"/>
        <source>Check-in has closed</source>
        <translation>签到已截止</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/pages/result_page.py" line="208"/>
        <source>Not today&apos;s booking</source>
        <translation>不是今天的预约</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/pages/result_page.py" line="209"/>
        <source>Booking cancelled</source>
        <translation>预约已取消</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/pages/result_page.py" line="210"/>
        <source>Payment pending</source>
        <translation>尚未付款</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/pages/result_page.py" line="211"/>
        <source>Booking not found</source>
        <translation>未找到预约</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/pages/result_page.py" line="212"/>
        <source>Ticket not valid</source>
        <translation>电子票无效</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/pages/result_page.py" line="213"/>
        <source>Checked out</source>
        <translation>已签退</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/pages/result_page.py" line="196"/>
        <location filename="../../kiosk/ui/pages/result_page.py" line="214"/>
        <source>Not checked in</source>
        <translation>尚未签到</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/pages/result_page.py" line="217"/>
        <source>Checked in provisionally: staff will confirm</source>
        <translation>临时签到：工作人员将核实</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/pages/result_page.py" line="218"/>
        <source>Please ask a member of staff</source>
        <translation>请联系工作人员</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/pages/result_page.py" line="235"/>
        <source>Group %1</source>
        <translation>%1 组</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/pages/result_page.py" line="237"/>
        <source>Guide: %1</source>
        <translation>导游：%1</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/pages/result_page.py" line="237"/>
        <source>to be announced</source>
        <translation>待定</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/pages/result_page.py" line="240"/>
        <source>Meeting point: %1</source>
        <translation>集合点：%1</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/pages/result_page.py" line="255"/>
        <source>Checked in: %1</source>
        <translation>已签到：%1</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/pages/result_page.py" line="262"/>
        <source>Guest %1/%2</source>
        <translation>访客 %1/%2</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/pages/result_page.py" line="266"/>
        <source>Printing badges…</source>
        <translation>正在打印胸牌…</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/pages/result_page.py" line="267"/>
        <source>Badges printed: please take them</source>
        <translation>胸牌已打印，请取走</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/pages/result_page.py" line="268"/>
        <source>Printer problem: staff will reprint your badges</source>
        <translation>打印机故障，工作人员将为您补打胸牌</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/pages/result_page.py" line="276"/>
        <source>Back to start in %1 s</source>
        <translation>%1 秒后返回首页</translation>
    </message>
</context>
<context>
    <name>ScanPage</name>
    <message>
        <location filename="../../kiosk/ui/pages/scan_page.py" line="140"/>
        <location filename="../../kiosk/ui/pages/scan_page.py" line="170"/>
        <source>Scan your QR code</source>
        <translation>请扫描二维码</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/pages/scan_page.py" line="141"/>
        <location filename="../../kiosk/ui/pages/scan_page.py" line="171"/>
        <source>Hold the code from your booking under the scanner.</source>
        <translation>请将预约二维码对准扫描器。</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/pages/scan_page.py" line="142"/>
        <location filename="../../kiosk/ui/pages/scan_page.py" line="155"/>
        <source>Enter code</source>
        <translation>输入预约码</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/pages/scan_page.py" line="143"/>
        <location filename="../../kiosk/ui/pages/scan_page.py" line="160"/>
        <source>Search</source>
        <translation>查找预约</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/pages/scan_page.py" line="144"/>
        <location filename="../../kiosk/ui/pages/scan_page.py" line="165"/>
        <source>Staff</source>
        <translation>工作人员</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/pages/scan_page.py" line="150"/>
        <source>Switch to English</source>
        <translation>切换到英文</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/pages/scan_page.py" line="150"/>
        <source>Switch to Chinese</source>
        <translation>切换到中文</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/pages/scan_page.py" line="151"/>
        <source>Shows every text in the other language.</source>
        <translation>以另一种语言显示所有文字。</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/pages/scan_page.py" line="156"/>
        <source>Type the booking code on large keys when the QR code will not scan.</source>
        <translation>二维码无法扫描时，用大按键输入预约码。</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/pages/scan_page.py" line="161"/>
        <source>Find a booking by name, pinyin or the last four digits of the phone.</source>
        <translation>按姓名、拼音或手机尾号四位查找预约。</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/pages/scan_page.py" line="166"/>
        <source>Staff menu, after the staff PIN. In self-service mode, hold it pressed.</source>
        <translation>输入员工密码后进入员工菜单。自助模式下请长按。</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/pages/scan_page.py" line="181"/>
        <source>Tour check-in</source>
        <translation>参观签到</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/pages/scan_page.py" line="186"/>
        <source>No tour open for check-in right now</source>
        <translation>当前没有可签到的场次</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/pages/scan_page.py" line="191"/>
        <source>Checking in: %1 (%2–%3)</source>
        <translation>正在签到：%1（%2–%3）</translation>
    </message>
</context>
<context>
    <name>SearchModel</name>
    <message>
        <location filename="../../kiosk/ui/search_model.py" line="48"/>
        <source>Code</source>
        <translation>预约码</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/search_model.py" line="34"/>
        <location filename="../../kiosk/ui/search_model.py" line="49"/>
        <source>Name</source>
        <translation>姓名</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/search_model.py" line="32"/>
        <source>Booking code</source>
        <translation>预约码</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/search_model.py" line="38"/>
        <source>Pinyin</source>
        <translation>拼音</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/search_model.py" line="39"/>
        <source>Pinyin initials</source>
        <translation>拼音首字母</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/search_model.py" line="50"/>
        <source>Phone</source>
        <translation>手机号</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/search_model.py" line="51"/>
        <source>Tour</source>
        <translation>场次</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/search_model.py" line="33"/>
        <source>Code, start</source>
        <translation>预约码开头</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/search_model.py" line="35"/>
        <source>Name, start</source>
        <translation>姓名开头</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/search_model.py" line="36"/>
        <source>Name, part</source>
        <translation>姓名的一部分</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/search_model.py" line="37"/>
        <source>Name, 1 typo</source>
        <translation>姓名（相差一个字母）</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/search_model.py" line="40"/>
        <source>Pinyin + initials</source>
        <translation>拼音加首字母</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/search_model.py" line="41"/>
        <source>Phone digits</source>
        <translation>手机尾号</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/search_model.py" line="52"/>
        <source>Checked in</source>
        <translation>已签到</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/search_model.py" line="53"/>
        <source>Found by</source>
        <translation>匹配方式</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/search_model.py" line="113"/>
        <source>Booking %1</source>
        <translation>预约 %1</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/search_model.py" line="116"/>
        <source>%1 of %2 checked in</source>
        <translation>%2 人中已签到 %1 人</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/search_model.py" line="123"/>
        <source>found by: %1</source>
        <translation>匹配方式：%1</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/search_model.py" line="147"/>
        <source>cancelled</source>
        <translation>已取消</translation>
    </message>
</context>
<context>
    <name>SearchPage</name>
    <message>
        <location filename="../../kiosk/ui/pages/search_page.py" line="106"/>
        <source>Find a booking</source>
        <translation>查找预约</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/pages/search_page.py" line="107"/>
        <location filename="../../kiosk/ui/pages/search_page.py" line="111"/>
        <source>Back</source>
        <translation>返回</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/pages/search_page.py" line="109"/>
        <source>Name, pinyin, code or last 4 digits of the phone</source>
        <translation>姓名、拼音、预约码或手机尾号四位</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/pages/search_page.py" line="111"/>
        <source>Back to the scan page.</source>
        <translation>返回扫码页面。</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/pages/search_page.py" line="114"/>
        <source>Search for a booking</source>
        <translation>查找预约</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/pages/search_page.py" line="116"/>
        <source>Type a name (Chinese, pinyin or initials such as wxm), a booking code or the last four digits of the phone. Results appear as you type.</source>
        <translation>输入姓名（汉字、拼音或首字母，如 wxm）、预约码或手机尾号四位，边输入边显示结果。</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/pages/search_page.py" line="130"/>
        <source>Type at least 2 characters.</source>
        <translation>请至少输入 2 个字符。</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/pages/search_page.py" line="132"/>
        <source>No booking found.</source>
        <translation>未找到预约。</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/pages/search_page.py" line="135"/>
        <source>Bookings found: %1. Tap one to check in.</source>
        <translation>找到 %1 条预约，点击一条即可签到。</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/pages/search_page.py" line="139"/>
        <source>Bookings found</source>
        <translation>找到的预约</translation>
    </message>
</context>
<context>
    <name>StaffPage</name>
    <message>
        <location filename="../../kiosk/ui/pages/staff_page.py" line="131"/>
        <source>The badge printer is ready.</source>
        <translation>胸卡打印机已就绪。</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/pages/staff_page.py" line="133"/>
        <source>The badge printer cannot print; see the Printer page.</source>
        <translation>胸卡打印机无法打印，请查看主管控制台的打印机页面。</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/pages/staff_page.py" line="142"/>
        <source>Staff menu</source>
        <translation>工作人员菜单</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/pages/staff_page.py" line="144"/>
        <source>Badges waiting for the printer print by themselves once it is ready again.</source>
        <translation>等待中的胸卡会在打印机恢复就绪后自动打印。</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/pages/staff_page.py" line="146"/>
        <source>Gate mode (staff check-in)</source>
        <translation>闸口模式（工作人员签到）</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/pages/staff_page.py" line="147"/>
        <source>Self-service mode (visitors)</source>
        <translation>自助模式（访客）</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/pages/staff_page.py" line="148"/>
        <source>Supervisor console</source>
        <translation>主管控制台</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/pages/staff_page.py" line="149"/>
        <source>Close the kiosk program</source>
        <translation>关闭签到程序</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/pages/staff_page.py" line="150"/>
        <location filename="../../kiosk/ui/pages/staff_page.py" line="171"/>
        <source>Back</source>
        <translation>返回</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/pages/staff_page.py" line="154"/>
        <source>Staff scan codes, search bookings and choose who of a party is here.</source>
        <translation>由工作人员扫码、查找预约并选择到场人员。</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/pages/staff_page.py" line="159"/>
        <source>Visitors check themselves in; the staff menu needs a long press.</source>
        <translation>访客自行签到；员工菜单需长按进入。</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/pages/staff_page.py" line="164"/>
        <source>Live headcounts, roster, staff tools, sync, printer and audit log.</source>
        <translation>实时人数、名单、员工工具、同步、打印机和操作记录。</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/pages/staff_page.py" line="169"/>
        <source>Quits the kiosk program on this machine.</source>
        <translation>退出本机的签到程序。</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/pages/staff_page.py" line="171"/>
        <source>Back to the kiosk&apos;s home page.</source>
        <translation>返回签到终端首页。</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/pages/staff_page.py" line="179"/>
        <location filename="../../kiosk/ui/pages/staff_page.py" line="183"/>
        <source>Large text and high contrast</source>
        <translation>大字体高对比度</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/pages/staff_page.py" line="184"/>
        <source>On: larger text, black on white. Tap to switch it off.</source>
        <translation>已开启：字体更大，白底黑字。点按关闭。</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/pages/staff_page.py" line="186"/>
        <source>Off. Tap for larger text, black on white.</source>
        <translation>已关闭。点按开启大字体、白底黑字。</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/pages/staff_page.py" line="193"/>
        <source>Last problem: %1</source>
        <translation>最近的问题：%1</translation>
    </message>
</context>
<context>
    <name>SupervisorPage</name>
    <message>
        <location filename="../../kiosk/ui/pages/supervisor_page.py" line="69"/>
        <source>Supervisor</source>
        <translation>主管</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/pages/supervisor_page.py" line="70"/>
        <location filename="../../kiosk/ui/pages/supervisor_page.py" line="73"/>
        <source>Staff menu</source>
        <translation>工作人员菜单</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/pages/supervisor_page.py" line="74"/>
        <source>Leave the console: switch mode or close the program.</source>
        <translation>离开控制台：切换模式或关闭程序。</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/pages/supervisor_page.py" line="77"/>
        <source>The supervisor console is not available in this version.</source>
        <translation>此版本暂不提供主管控制台。</translation>
    </message>
</context>
</TS>
