<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN" sourcelanguage="en">
<context>
    <name>App</name>
    <message>
        <location filename="../../gui/app.py" line="65"/>
        <source>Something went wrong</source>
        <translation>出了点问题</translation>
    </message>
</context>
<context>
    <name>ChurnCharts</name>
    <message>
        <location filename="../../gui/churn_charts.py" line="25"/>
        <source>Days since last order</source>
        <translation>距上次下单天数</translation>
    </message>
    <message>
        <location filename="../../gui/churn_charts.py" line="26"/>
        <source>Buying rhythm (BG/NBD)</source>
        <translation>购买节奏（BG/NBD）</translation>
    </message>
    <message>
        <location filename="../../gui/churn_charts.py" line="27"/>
        <source>Logistic regression</source>
        <translation>逻辑回归</translation>
    </message>
    <message>
        <location filename="../../gui/churn_charts.py" line="28"/>
        <source>Gradient boosting</source>
        <translation>梯度提升</translation>
    </message>
    <message>
        <location filename="../../gui/churn_charts.py" line="29"/>
        <source>Neural network</source>
        <translation>神经网络</translation>
    </message>
    <message>
        <location filename="../../gui/churn_charts.py" line="48"/>
        <source>{model} (used)</source>
        <translation>{model}（使用中）</translation>
    </message>
    <message>
        <location filename="../../gui/churn_charts.py" line="61"/>
        <source>Guessing: 0.50</source>
        <translation>随机猜测：0.50</translation>
    </message>
    <message>
        <location filename="../../gui/churn_charts.py" line="67"/>
        <source>Spotting customers who leave (ROC curve)</source>
        <translation>识别流失客户（ROC 曲线）</translation>
    </message>
    <message>
        <location filename="../../gui/churn_charts.py" line="68"/>
        <source>Loyal customers wrongly flagged</source>
        <translation>被误标记的忠诚客户</translation>
    </message>
    <message>
        <location filename="../../gui/churn_charts.py" line="69"/>
        <location filename="../../gui/churn_charts.py" line="85"/>
        <source>Leaving customers caught</source>
        <translation>找出的流失客户</translation>
    </message>
    <message>
        <location filename="../../gui/churn_charts.py" line="77"/>
        <source>Guessing: {rate:.0%}</source>
        <translation>随机猜测：{rate:.0%}</translation>
    </message>
    <message>
        <location filename="../../gui/churn_charts.py" line="84"/>
        <source>How many flagged customers really leave</source>
        <translation>被标记的客户中有多少真的流失</translation>
    </message>
    <message>
        <location filename="../../gui/churn_charts.py" line="86"/>
        <source>Flagged customers who really left</source>
        <translation>被标记且确实流失的客户</translation>
    </message>
    <message>
        <location filename="../../gui/churn_charts.py" line="95"/>
        <source>Honest risks</source>
        <translation>准确的风险</translation>
    </message>
    <message>
        <location filename="../../gui/churn_charts.py" line="103"/>
        <source>Are the risk percentages honest?</source>
        <translation>风险百分比准确吗？</translation>
    </message>
    <message>
        <location filename="../../gui/churn_charts.py" line="104"/>
        <source>Predicted risk of leaving</source>
        <translation>预测的流失风险</translation>
    </message>
    <message>
        <location filename="../../gui/churn_charts.py" line="105"/>
        <source>Share who really left</source>
        <translation>实际流失的比例</translation>
    </message>
    <message>
        <location filename="../../gui/churn_charts.py" line="115"/>
        <source>Contacting at random</source>
        <translation>随机联系</translation>
    </message>
    <message>
        <location filename="../../gui/churn_charts.py" line="128"/>
        <source>Who to contact first (cumulative gains)</source>
        <translation>先联系谁（累计增益）</translation>
    </message>
    <message>
        <location filename="../../gui/churn_charts.py" line="129"/>
        <source>Customers contacted, riskiest first</source>
        <translation>已联系的客户（风险最高的优先）</translation>
    </message>
    <message>
        <location filename="../../gui/churn_charts.py" line="130"/>
        <source>Leaving customers reached</source>
        <translation>联系到的流失客户</translation>
    </message>
    <message>
        <location filename="../../gui/churn_charts.py" line="134"/>
        <source>Good: a curve far above the dotted diagonal.</source>
        <translation>理想情况：曲线远高于虚线对角线。</translation>
    </message>
    <message>
        <location filename="../../gui/churn_charts.py" line="135"/>
        <source>Good: far above the diagonal. Contacting the riskiest 10% of customers reaches {capture:.0%} of those who leave, {lift:.1f}× better than at random.</source>
        <translation>理想情况：远高于对角线。联系风险最高的 10% 客户，可覆盖 {capture:.0%} 的流失客户，效果是随机联系的 {lift:.1f} 倍。</translation>
    </message>
</context>
<context>
    <name>ChurnPage</name>
    <message>
        <location filename="../../gui/pages/churn_page.py" line="233"/>
        <source>Churn: who may stop buying</source>
        <translation>流失：哪些客户可能不再购买</translation>
    </message>
    <message>
        <location filename="../../gui/pages/churn_page.py" line="238"/>
        <source>Score churn risk</source>
        <translation>评估流失风险</translation>
    </message>
    <message>
        <location filename="../../gui/pages/churn_page.py" line="249"/>
        <source>customers at high risk</source>
        <translation>高风险客户</translation>
    </message>
    <message>
        <location filename="../../gui/pages/churn_page.py" line="250"/>
        <source>customers at risk in all</source>
        <translation>有风险客户合计</translation>
    </message>
    <message>
        <location filename="../../gui/pages/churn_page.py" line="251"/>
        <source>value at risk in all</source>
        <translation>流失损失合计</translation>
    </message>
    <message>
        <location filename="../../gui/pages/churn_page.py" line="251"/>
        <source>model used</source>
        <translation>所用模型</translation>
    </message>
    <message>
        <location filename="../../gui/pages/churn_page.py" line="254"/>
        <source>What the customers at risk would likely spend over the coming period, each weighted by their risk: the sales you may lose if nothing is done.</source>
        <translation>有风险的客户在接下来一段时间内可能的消费额，按各自的风险加权：即如果不采取行动，您可能损失的销售额。</translation>
    </message>
    <message>
        <location filename="../../gui/pages/churn_page.py" line="271"/>
        <source>Hide customers with less value at risk than this, to focus on those who matter most.</source>
        <translation>隐藏流失损失低于此值的客户，以便专注于最重要的客户。</translation>
    </message>
    <message>
        <location filename="../../gui/pages/churn_page.py" line="274"/>
        <source>Export…</source>
        <translation>导出…</translation>
    </message>
    <message>
        <location filename="../../gui/pages/churn_page.py" line="275"/>
        <source>Save the customers shown as a report.</source>
        <translation>将显示的客户保存为报告。</translation>
    </message>
    <message>
        <location filename="../../gui/pages/churn_page.py" line="283"/>
        <source>Segment</source>
        <translation>客户分群</translation>
    </message>
    <message>
        <location filename="../../gui/pages/churn_page.py" line="284"/>
        <source>Risk</source>
        <translation>风险</translation>
    </message>
    <message>
        <location filename="../../gui/pages/churn_page.py" line="285"/>
        <source>Value at risk of at least</source>
        <translation>流失损失至少</translation>
    </message>
    <message>
        <location filename="../../gui/pages/churn_page.py" line="330"/>
        <location filename="../../gui/pages/churn_page.py" line="336"/>
        <source>Scoring churn risk… This takes a few seconds.</source>
        <translation>正在评估流失风险… 需要几秒钟。</translation>
    </message>
    <message>
        <location filename="../../gui/pages/churn_page.py" line="332"/>
        <source>Churn risk will be scored as soon as the job under way has finished.</source>
        <translation>当前任务完成后将立即评估流失风险。</translation>
    </message>
    <message>
        <location filename="../../gui/pages/churn_page.py" line="338"/>
        <source>Churn risk could not be scored just now.</source>
        <translation>暂时无法评估流失风险。</translation>
    </message>
    <message>
        <location filename="../../gui/pages/churn_page.py" line="355"/>
        <source>Churn risk could not be worked out for this shop. It needs orders with customer ids, from enough customers and over a long enough time to see some of them come back and some not. Import a longer order history, then try again.</source>
        <translation>无法为本店计算流失风险。这需要带客户编号的订单，客户数量要足够多、时间跨度要足够长，才能看到有些客户回购、有些没有。请导入更长时间的订单记录后重试。</translation>
    </message>
    <message>
        <location filename="../../gui/pages/churn_page.py" line="360"/>
        <source>Scoring was cancelled.</source>
        <translation>评估已取消。</translation>
    </message>
    <message>
        <location filename="../../gui/pages/churn_page.py" line="397"/>
        <source>High ({high} or more)</source>
        <translation>高（{high} 及以上）</translation>
    </message>
    <message>
        <location filename="../../gui/pages/churn_page.py" line="398"/>
        <source>High or medium ({low} or more)</source>
        <translation>高或中（{low} 及以上）</translation>
    </message>
    <message>
        <location filename="../../gui/pages/churn_page.py" line="399"/>
        <source>Medium ({low} to {high})</source>
        <translation>中（{low} 至 {high}）</translation>
    </message>
    <message>
        <location filename="../../gui/pages/churn_page.py" line="400"/>
        <source>Low (under {low})</source>
        <translation>低（低于 {low}）</translation>
    </message>
    <message>
        <location filename="../../gui/pages/churn_page.py" line="400"/>
        <source>Everyone</source>
        <translation>全部</translation>
    </message>
    <message>
        <location filename="../../gui/pages/churn_page.py" line="404"/>
        <source>All segments</source>
        <translation>所有分群</translation>
    </message>
    <message>
        <location filename="../../gui/pages/churn_page.py" line="432"/>
        <source>Click a customer to read why they may leave and what to do.</source>
        <translation>点击客户，查看其可能流失的原因和应对建议。</translation>
    </message>
    <message>
        <location filename="../../gui/pages/churn_page.py" line="434"/>
        <source>{count} customers shown, with {value} at risk. Double-click a customer to open their profile.</source>
        <translation>显示 {count} 位客户，流失损失 {value}。双击客户可打开其档案。</translation>
    </message>
    <message>
        <location filename="../../gui/pages/churn_page.py" line="442"/>
        <source>Risk is the chance that a customer places no order in the {days} days after {day}, the last day of your data; value at risk is what they would likely spend in that time, times their risk. Customers with a risk of {threshold} or more are flagged as at risk.</source>
        <translation>风险是指客户在数据最后一天（{day}）之后的 {days} 天内不下单的可能性；流失损失是客户在这段时间内可能消费的金额乘以其风险。风险达到 {threshold} 及以上的客户会被标记为有流失风险。</translation>
    </message>
    <message>
        <location filename="../../gui/pages/churn_page.py" line="452"/>
        <source>How reliable is this? Tested on the past: of the customers the model would have flagged on {day}, {precision} really did not order in the next {days} days, and it caught {recall} of all who left.</source>
        <translation>结果可靠吗？用过去的数据检验：在 {day} 当天模型会标记的客户中，有 {precision} 确实在之后 {days} 天内没有下单；在所有流失的客户中，它找出了 {recall}。</translation>
    </message>
    <message>
        <location filename="../../gui/pages/churn_page.py" line="459"/>
        <source>How reliable is this? Checked on past customers it had not seen: of those it flagged, {precision} really did not order again within {days} days, and it caught {recall} of all who left.</source>
        <translation>结果可靠吗？用模型没见过的以往客户检验：在它标记的客户中，有 {precision} 确实在 {days} 天内没有再下单；在所有流失的客户中，它找出了 {recall}。</translation>
    </message>
    <message>
        <location filename="../../gui/pages/churn_page.py" line="465"/>
        <source>ROC-AUC {auc} (0.5 is a coin toss, 1 is perfect); Brier score {brier} (lower is better; {base} is what guessing the average would score).</source>
        <translation>ROC-AUC {auc}（0.5 相当于抛硬币，1 为完美）；Brier 分数 {brier}（越低越好；按平均值猜测的得分为 {base}）。</translation>
    </message>
    <message>
        <location filename="../../gui/pages/churn_page.py" line="469"/>
        <source>{what}
{check} {figures}</source>
        <translation>{what}
{check}{figures}</translation>
    </message>
    <message>
        <location filename="../../gui/pages/churn_page.py" line="473"/>
        <source>Recency alone</source>
        <translation>仅用最近购买时间</translation>
    </message>
    <message>
        <location filename="../../gui/pages/churn_page.py" line="473"/>
        <source>Buying rhythm (BG/NBD)</source>
        <translation>购买节奏（BG/NBD）</translation>
    </message>
    <message>
        <location filename="../../gui/pages/churn_page.py" line="474"/>
        <source>Logistic regression</source>
        <translation>逻辑回归</translation>
    </message>
    <message>
        <location filename="../../gui/pages/churn_page.py" line="475"/>
        <source>Gradient boosting</source>
        <translation>梯度提升</translation>
    </message>
    <message>
        <location filename="../../gui/pages/churn_page.py" line="476"/>
        <source>Neural network</source>
        <translation>神经网络</translation>
    </message>
    <message>
        <location filename="../../gui/pages/churn_page.py" line="487"/>
        <source>{customer}: {reasons}.
Suggested: {action}</source>
        <translation>{customer}：{reasons}。
建议：{action}</translation>
    </message>
</context>
<context>
    <name>ChurnTableModel</name>
    <message>
        <location filename="../../gui/pages/churn_page.py" line="87"/>
        <source>Customer</source>
        <translation>客户</translation>
    </message>
    <message>
        <location filename="../../gui/pages/churn_page.py" line="87"/>
        <source>Segment</source>
        <translation>客户分群</translation>
    </message>
    <message>
        <location filename="../../gui/pages/churn_page.py" line="87"/>
        <source>Risk</source>
        <translation>风险</translation>
    </message>
    <message>
        <location filename="../../gui/pages/churn_page.py" line="88"/>
        <source>Value at risk</source>
        <translation>流失损失</translation>
    </message>
    <message>
        <location filename="../../gui/pages/churn_page.py" line="88"/>
        <source>Last purchase</source>
        <translation>最近购买</translation>
    </message>
    <message>
        <location filename="../../gui/pages/churn_page.py" line="89"/>
        <source>Main reasons</source>
        <translation>主要原因</translation>
    </message>
    <message>
        <location filename="../../gui/pages/churn_page.py" line="89"/>
        <source>Suggested action</source>
        <translation>建议措施</translation>
    </message>
    <message>
        <location filename="../../gui/pages/churn_page.py" line="163"/>
        <source>{day}: {days} days before the data ends</source>
        <translation>{day}：数据截止前 {days} 天</translation>
    </message>
</context>
<context>
    <name>CustomerProfilePanel</name>
    <message>
        <location filename="../../gui/customer_profile_panel.py" line="149"/>
        <source>Select a customer in the list to see who they are, what they buy and what to offer them.</source>
        <translation>在列表中选择一位客户，查看其基本信息、购买内容以及可以向其推荐什么。</translation>
    </message>
    <message>
        <location filename="../../gui/customer_profile_panel.py" line="159"/>
        <source>orders</source>
        <translation>订单</translation>
    </message>
    <message>
        <location filename="../../gui/customer_profile_panel.py" line="160"/>
        <source>spent, after returns</source>
        <translation>消费额（扣除退货）</translation>
    </message>
    <message>
        <location filename="../../gui/customer_profile_panel.py" line="161"/>
        <source>per order</source>
        <translation>平均每单</translation>
    </message>
    <message>
        <location filename="../../gui/customer_profile_panel.py" line="162"/>
        <source>lifetime value, next 12 months</source>
        <translation>生命周期价值（未来 12 个月）</translation>
    </message>
    <message>
        <location filename="../../gui/customer_profile_panel.py" line="163"/>
        <source>days since their last order</source>
        <translation>距上次下单天数</translation>
    </message>
    <message>
        <location filename="../../gui/customer_profile_panel.py" line="164"/>
        <source>churn risk</source>
        <translation>流失风险</translation>
    </message>
    <message>
        <location filename="../../gui/customer_profile_panel.py" line="167"/>
        <source>What this customer is expected to spend with you in the next {days} days, from how often and how much they have bought so far.</source>
        <translation>根据此客户迄今的购买频率和金额，预计其未来 {days} 天在您店里的消费额。</translation>
    </message>
    <message>
        <location filename="../../gui/customer_profile_panel.py" line="175"/>
        <source>Score churn risk now</source>
        <translation>立即评估流失风险</translation>
    </message>
    <message>
        <location filename="../../gui/customer_profile_panel.py" line="179"/>
        <source>Go to the Models page</source>
        <translation>前往“模型”页</translation>
    </message>
    <message>
        <location filename="../../gui/customer_profile_panel.py" line="195"/>
        <source>Churn risk</source>
        <translation>流失风险</translation>
    </message>
    <message>
        <location filename="../../gui/customer_profile_panel.py" line="198"/>
        <source>Recommended products</source>
        <translation>推荐商品</translation>
    </message>
    <message>
        <location filename="../../gui/customer_profile_panel.py" line="203"/>
        <source>Orders per month</source>
        <translation>每月订单数</translation>
    </message>
    <message>
        <location filename="../../gui/customer_profile_panel.py" line="205"/>
        <source>How they buy</source>
        <translation>购买习惯</translation>
    </message>
    <message>
        <location filename="../../gui/customer_profile_panel.py" line="207"/>
        <source>Looked at often, never bought</source>
        <translation>常看但从未购买</translation>
    </message>
    <message>
        <location filename="../../gui/customer_profile_panel.py" line="243"/>
        <source>Customer {id}</source>
        <translation>客户 {id}</translation>
    </message>
    <message>
        <location filename="../../gui/customer_profile_panel.py" line="244"/>
        <source>Customer {id}: {name}</source>
        <translation>客户 {id}：{name}</translation>
    </message>
    <message>
        <location filename="../../gui/customer_profile_panel.py" line="246"/>
        <source>&lt;b&gt;{segment}&lt;/b&gt;: {meaning}</source>
        <translation>&lt;b&gt;{segment}&lt;/b&gt;：{meaning}</translation>
    </message>
    <message>
        <location filename="../../gui/customer_profile_panel.py" line="248"/>
        <source>&lt;b&gt;What to do:&lt;/b&gt; {action}</source>
        <translation>&lt;b&gt;建议做法：&lt;/b&gt;{action}</translation>
    </message>
    <message>
        <location filename="../../gui/customer_profile_panel.py" line="257"/>
        <source>Counted to the last day of your data, {day}.</source>
        <translation>计算到数据的最后一天：{day}。</translation>
    </message>
    <message>
        <location filename="../../gui/customer_profile_panel.py" line="261"/>
        <source>No scores yet: they have not bought anything.</source>
        <translation>暂无评分：此客户还没有买过任何东西。</translation>
    </message>
    <message>
        <location filename="../../gui/customer_profile_panel.py" line="264"/>
        <source>Scores against your other customers (5 is best): bought recently {r}, buys often {f}, spends a lot {m}.</source>
        <translation>与您其他客户相比的评分（5 分最高）：近期购买 {r}，购买频率 {f}，消费金额 {m}。</translation>
    </message>
    <message>
        <location filename="../../gui/customer_profile_panel.py" line="270"/>
        <source>Reading recommendations…</source>
        <translation>正在读取推荐…</translation>
    </message>
    <message>
        <location filename="../../gui/customer_profile_panel.py" line="284"/>
        <source>age {age}</source>
        <translation>{age} 岁</translation>
    </message>
    <message>
        <location filename="../../gui/customer_profile_panel.py" line="289"/>
        <source>no orders yet</source>
        <translation>尚未下单</translation>
    </message>
    <message>
        <location filename="../../gui/customer_profile_panel.py" line="291"/>
        <source>customer since {day}</source>
        <translation>{day} 成为客户</translation>
    </message>
    <message>
        <location filename="../../gui/customer_profile_panel.py" line="292"/>
        <source>last order {day}</source>
        <translation>最近订单 {day}</translation>
    </message>
    <message>
        <location filename="../../gui/customer_profile_panel.py" line="298"/>
        <source>They have not ordered yet.</source>
        <translation>此客户还没有下过单。</translation>
    </message>
    <message>
        <location filename="../../gui/customer_profile_panel.py" line="301"/>
        <source>Usually orders on a {weekday}, around {hour}:00.</source>
        <translation>通常在{weekday} {hour}:00 左右下单。</translation>
    </message>
    <message>
        <location filename="../../gui/customer_profile_panel.py" line="306"/>
        <source>Pays {share} less than the usual price</source>
        <translation>支付价格比常规价格低 {share}</translation>
    </message>
    <message>
        <location filename="../../gui/customer_profile_panel.py" line="309"/>
        <source>Pays {share} more than the usual price</source>
        <translation>支付价格比常规价格高 {share}</translation>
    </message>
    <message>
        <location filename="../../gui/customer_profile_panel.py" line="312"/>
        <source>Pays about the usual price</source>
        <translation>支付价格与常规价格大致相同</translation>
    </message>
    <message>
        <location filename="../../gui/customer_profile_panel.py" line="313"/>
        <source>{paid}; {share} of what they bought was below it.</source>
        <translation>{paid}；所购商品中有 {share} 低于常规价格。</translation>
    </message>
    <message>
        <location filename="../../gui/customer_profile_panel.py" line="316"/>
        <source>Prefers low-priced products: offers and bundles work.</source>
        <translation>偏好低价商品：优惠和组合套装对其有效。</translation>
    </message>
    <message>
        <location filename="../../gui/customer_profile_panel.py" line="318"/>
        <source>Prefers higher-priced products: show them your best.</source>
        <translation>偏好高价商品：向其展示您最好的商品。</translation>
    </message>
    <message>
        <location filename="../../gui/customer_profile_panel.py" line="320"/>
        <source>Returned {returned} of {items} items ({rate}).</source>
        <translation>购买的 {items} 件商品中退货 {returned} 件（{rate}）。</translation>
    </message>
    <message>
        <location filename="../../gui/customer_profile_panel.py" line="324"/>
        <source>Has returned nothing.</source>
        <translation>从未退货。</translation>
    </message>
    <message>
        <location filename="../../gui/customer_profile_panel.py" line="330"/>
        <source>{product} (looked at {times} times)</source>
        <translation>{product}（浏览 {times} 次）</translation>
    </message>
    <message>
        <location filename="../../gui/customer_profile_panel.py" line="333"/>
        <source>Anything in {category} (looked at {times} times)</source>
        <translation>{category} 类的任何商品（浏览 {times} 次）</translation>
    </message>
    <message>
        <location filename="../../gui/customer_profile_panel.py" line="337"/>
        <source>No browsing data for this customer. Import browsing events (page views, carts) to see what they look at but do not buy.</source>
        <translation>没有此客户的浏览数据。导入浏览事件（页面浏览、加入购物车）后，即可看到他们看了却没买的商品。</translation>
    </message>
    <message>
        <location filename="../../gui/customer_profile_panel.py" line="339"/>
        <source>Nothing: they have bought what they looked at often.</source>
        <translation>没有：常看的商品都已买过。</translation>
    </message>
    <message>
        <location filename="../../gui/customer_profile_panel.py" line="349"/>
        <source>scoring…</source>
        <translation>评估中…</translation>
    </message>
    <message>
        <location filename="../../gui/customer_profile_panel.py" line="350"/>
        <source>Scoring churn risk for every customer; this takes a few seconds.</source>
        <translation>正在评估每位客户的流失风险，需要几秒钟。</translation>
    </message>
    <message>
        <location filename="../../gui/customer_profile_panel.py" line="354"/>
        <source>Churn risk has not been scored yet.</source>
        <translation>尚未评估流失风险。</translation>
    </message>
    <message>
        <location filename="../../gui/customer_profile_panel.py" line="357"/>
        <source>No churn risk: they have not bought anything yet.</source>
        <translation>无流失风险：此客户还没有买过任何东西。</translation>
    </message>
    <message>
        <location filename="../../gui/customer_profile_panel.py" line="367"/>
        <source>&lt;b&gt;Likely to come back&lt;/b&gt;: only {risk} chance they will not buy again within {days} days.</source>
        <translation>&lt;b&gt;很可能再次购买&lt;/b&gt;：在 {days} 天内不再购买的可能只有 {risk}。</translation>
    </message>
    <message>
        <location filename="../../gui/customer_profile_panel.py" line="371"/>
        <source>&lt;b&gt;At risk&lt;/b&gt;: {risk} chance they will not buy again within {days} days.&lt;br&gt;Why:&lt;ul&gt;{reasons}&lt;/ul&gt;&lt;b&gt;Suggested:&lt;/b&gt; {action}</source>
        <translation>&lt;b&gt;有流失风险&lt;/b&gt;：有 {risk} 的可能在 {days} 天内不再购买。&lt;br&gt;原因：&lt;ul&gt;{reasons}&lt;/ul&gt;&lt;b&gt;建议：&lt;/b&gt;{action}</translation>
    </message>
    <message>
        <location filename="../../gui/customer_profile_panel.py" line="386"/>
        <source>What your trained model suggests for them:&lt;ol&gt;{items}&lt;/ol&gt;</source>
        <translation>您训练的模型为其推荐：&lt;ol&gt;{items}&lt;/ol&gt;</translation>
    </message>
    <message>
        <location filename="../../gui/customer_profile_panel.py" line="390"/>
        <source>Popular products they have not bought yet:&lt;ul&gt;{items}&lt;/ul&gt;</source>
        <translation>此客户还没买过的热门商品：&lt;ul&gt;{items}&lt;/ul&gt;</translation>
    </message>
    <message>
        <location filename="../../gui/customer_profile_panel.py" line="394"/>
        <source>Your trained model has nothing for this customer yet (too little history). {fallback}</source>
        <translation>您训练的模型暂时无法为此客户推荐（历史记录太少）。{fallback}</translation>
    </message>
    <message>
        <location filename="../../gui/customer_profile_panel.py" line="398"/>
        <source>Train a model on the Models page to see recommendations here. {fallback}</source>
        <translation>在“模型”页训练一个模型后，推荐将显示在这里。{fallback}</translation>
    </message>
    <message>
        <location filename="../../gui/customer_profile_panel.py" line="408"/>
        <source>Favourite categories</source>
        <translation>最喜欢的类别</translation>
    </message>
    <message>
        <location filename="../../gui/customer_profile_panel.py" line="412"/>
        <source>% of what they bought</source>
        <translation>占其购买量的 %</translation>
    </message>
    <message>
        <location filename="../../gui/customer_profile_panel.py" line="413"/>
        <source>% of what they looked at, carted or rated</source>
        <translation>占其浏览、加购或评分的百分比</translation>
    </message>
    <message>
        <location filename="../../gui/customer_profile_panel.py" line="415"/>
        <source>Favourite products</source>
        <translation>最喜欢的商品</translation>
    </message>
    <message>
        <location filename="../../gui/customer_profile_panel.py" line="418"/>
        <source>units bought</source>
        <translation>购买件数</translation>
    </message>
    <message>
        <location filename="../../gui/customer_profile_panel.py" line="420"/>
        <source>Nothing bought yet.</source>
        <translation>还没有购买任何商品。</translation>
    </message>
    <message>
        <location filename="../../gui/customer_profile_panel.py" line="432"/>
        <source>No orders yet.</source>
        <translation>还没有订单。</translation>
    </message>
</context>
<context>
    <name>CustomerTableModel</name>
    <message>
        <location filename="../../gui/customer_table_model.py" line="149"/>
        <source>Customer</source>
        <translation>客户</translation>
    </message>
    <message>
        <location filename="../../gui/customer_table_model.py" line="149"/>
        <source>The customer&apos;s number</source>
        <translation>客户编号</translation>
    </message>
    <message>
        <location filename="../../gui/customer_table_model.py" line="151"/>
        <source>Name</source>
        <translation>姓名</translation>
    </message>
    <message>
        <location filename="../../gui/customer_table_model.py" line="152"/>
        <source>Segment</source>
        <translation>客户分群</translation>
    </message>
    <message>
        <location filename="../../gui/customer_table_model.py" line="153"/>
        <source>The group they belong to by how recently, how often and how much they buy</source>
        <translation>按最近购买时间、购买频率和消费金额划分的所属分群</translation>
    </message>
    <message>
        <location filename="../../gui/customer_table_model.py" line="155"/>
        <source>Orders</source>
        <translation>订单数</translation>
    </message>
    <message>
        <location filename="../../gui/customer_table_model.py" line="155"/>
        <source>How many orders they have placed</source>
        <translation>已下订单的数量</translation>
    </message>
    <message>
        <location filename="../../gui/customer_table_model.py" line="157"/>
        <source>Spent</source>
        <translation>消费额</translation>
    </message>
    <message>
        <location filename="../../gui/customer_table_model.py" line="158"/>
        <source>What they have paid in all, after returns</source>
        <translation>扣除退货后的累计支付金额</translation>
    </message>
    <message>
        <location filename="../../gui/customer_table_model.py" line="160"/>
        <source>Last order</source>
        <translation>最近订单</translation>
    </message>
    <message>
        <location filename="../../gui/customer_table_model.py" line="160"/>
        <source>The day of their last order</source>
        <translation>最近一次下单的日期</translation>
    </message>
    <message>
        <location filename="../../gui/customer_table_model.py" line="164"/>
        <source>Lifetime value</source>
        <translation>生命周期价值</translation>
    </message>
    <message>
        <location filename="../../gui/customer_table_model.py" line="165"/>
        <source>What they are expected to spend in the next 12 months</source>
        <translation>预计未来 12 个月的消费额</translation>
    </message>
    <message>
        <location filename="../../gui/customer_table_model.py" line="167"/>
        <source>Churn risk</source>
        <translation>流失风险</translation>
    </message>
    <message>
        <location filename="../../gui/customer_table_model.py" line="168"/>
        <source>The chance they will not buy again soon (from the Churn page&apos;s scoring)</source>
        <translation>近期不再购买的可能性（来自“流失”页的评估）</translation>
    </message>
    <message>
        <location filename="../../gui/customer_table_model.py" line="171"/>
        <source>Country</source>
        <translation>国家/地区</translation>
    </message>
    <message>
        <location filename="../../gui/customer_table_model.py" line="171"/>
        <source>Where they usually order from</source>
        <translation>通常下单的国家/地区</translation>
    </message>
    <message>
        <location filename="../../gui/customer_table_model.py" line="173"/>
        <source>E-mail</source>
        <translation>电子邮件</translation>
    </message>
</context>
<context>
    <name>CustomersPage</name>
    <message>
        <location filename="../../gui/pages/customers_page.py" line="57"/>
        <source>Search: number, name, e-mail, country, segment</source>
        <translation>搜索：编号、姓名、电子邮件、国家/地区、分群</translation>
    </message>
    <message>
        <location filename="../../gui/pages/customers_page.py" line="92"/>
        <source>Customers</source>
        <translation>客户</translation>
    </message>
    <message>
        <location filename="../../gui/pages/customers_page.py" line="107"/>
        <source>Opening customer {id} as soon as the list is read…</source>
        <translation>读取完列表后将打开客户 {id}…</translation>
    </message>
    <message>
        <location filename="../../gui/pages/customers_page.py" line="128"/>
        <source>This shop has no customer “{id}”. Check the number, or search the list by number, name or e-mail.</source>
        <translation>本店没有客户“{id}”。请核对编号，或按编号、姓名或电子邮件搜索列表。</translation>
    </message>
    <message>
        <location filename="../../gui/pages/customers_page.py" line="131"/>
        <source>Customers with similar numbers: {ids}</source>
        <translation>编号相近的客户：{ids}</translation>
    </message>
    <message>
        <location filename="../../gui/pages/customers_page.py" line="140"/>
        <source>Reading your customers…</source>
        <translation>正在读取客户…</translation>
    </message>
    <message>
        <location filename="../../gui/pages/customers_page.py" line="154"/>
        <source>Could not read your customers.</source>
        <translation>无法读取客户数据。</translation>
    </message>
    <message>
        <location filename="../../gui/pages/customers_page.py" line="165"/>
        <source>No lifetime values: {reason}</source>
        <translation>无法计算生命周期价值：{reason}</translation>
    </message>
    <message>
        <location filename="../../gui/pages/customers_page.py" line="176"/>
        <source>No customers yet. Import your sales on the Data page; every customer in them appears here.</source>
        <translation>还没有客户。请在“数据”页导入销售数据，其中的每位客户都会显示在这里。</translation>
    </message>
    <message>
        <location filename="../../gui/pages/customers_page.py" line="180"/>
        <source>Select a customer in the list to see who they are, what they buy and what to offer them.</source>
        <translation>在列表中选择一位客户，查看其基本信息、购买内容以及可以向其推荐什么。</translation>
    </message>
    <message>
        <location filename="../../gui/pages/customers_page.py" line="187"/>
        <source>Reading customer {id}…</source>
        <translation>正在读取客户 {id}…</translation>
    </message>
    <message>
        <location filename="../../gui/pages/customers_page.py" line="250"/>
        <source>{count} customers</source>
        <translation>{count} 位客户</translation>
    </message>
    <message>
        <location filename="../../gui/pages/customers_page.py" line="252"/>
        <source>{shown} of {count} customers</source>
        <translation>显示 {shown} 位，共 {count} 位客户</translation>
    </message>
</context>
<context>
    <name>DataFrameModel</name>
    <message>
        <location filename="../../gui/models.py" line="48"/>
        <source>yes</source>
        <translation>是</translation>
    </message>
    <message>
        <location filename="../../gui/models.py" line="49"/>
        <source>no</source>
        <translation>否</translation>
    </message>
</context>
<context>
    <name>DataPage</name>
    <message>
        <location filename="../../gui/pages/data_page.py" line="87"/>
        <source>Your shop data</source>
        <translation>您的店铺数据</translation>
    </message>
    <message>
        <location filename="../../gui/pages/data_page.py" line="90"/>
        <location filename="../../gui/pages/data_page.py" line="147"/>
        <source>customers</source>
        <translation>客户</translation>
    </message>
    <message>
        <location filename="../../gui/pages/data_page.py" line="146"/>
        <source>orders</source>
        <translation>订单</translation>
    </message>
    <message>
        <location filename="../../gui/pages/data_page.py" line="92"/>
        <source>order lines</source>
        <translation>订单行</translation>
    </message>
    <message>
        <location filename="../../gui/pages/data_page.py" line="91"/>
        <source>orders, with cancellations and returns</source>
        <translation>订单（含取消和退货）</translation>
    </message>
    <message>
        <location filename="../../gui/pages/data_page.py" line="92"/>
        <source>browsing events</source>
        <translation>浏览事件</translation>
    </message>
    <message>
        <location filename="../../gui/pages/data_page.py" line="93"/>
        <source>products</source>
        <translation>商品</translation>
    </message>
    <message>
        <location filename="../../gui/pages/data_page.py" line="93"/>
        <source>revenue</source>
        <translation>收入</translation>
    </message>
    <message>
        <location filename="../../gui/pages/data_page.py" line="94"/>
        <source>period covered</source>
        <translation>时间范围</translation>
    </message>
    <message>
        <location filename="../../gui/pages/data_page.py" line="104"/>
        <source>Imports</source>
        <translation>导入记录</translation>
    </message>
    <message>
        <location filename="../../gui/pages/data_page.py" line="107"/>
        <source>No.</source>
        <translation>编号</translation>
    </message>
    <message>
        <location filename="../../gui/pages/data_page.py" line="107"/>
        <source>File</source>
        <translation>文件</translation>
    </message>
    <message>
        <location filename="../../gui/pages/data_page.py" line="107"/>
        <source>Kind</source>
        <translation>类型</translation>
    </message>
    <message>
        <location filename="../../gui/pages/data_page.py" line="108"/>
        <source>Rows read</source>
        <translation>读取行数</translation>
    </message>
    <message>
        <location filename="../../gui/pages/data_page.py" line="108"/>
        <source>Imported</source>
        <translation>已导入</translation>
    </message>
    <message>
        <location filename="../../gui/pages/data_page.py" line="109"/>
        <source>Rejected</source>
        <translation>拒收</translation>
    </message>
    <message>
        <location filename="../../gui/pages/data_page.py" line="109"/>
        <source>Duplicates</source>
        <translation>重复行</translation>
    </message>
    <message>
        <location filename="../../gui/pages/data_page.py" line="110"/>
        <source>Returns</source>
        <translation>退货</translation>
    </message>
    <message>
        <location filename="../../gui/pages/data_page.py" line="110"/>
        <source>Imported on</source>
        <translation>导入时间</translation>
    </message>
    <message>
        <location filename="../../gui/pages/data_page.py" line="115"/>
        <source>Import…</source>
        <translation>导入…</translation>
    </message>
    <message>
        <location filename="../../gui/pages/data_page.py" line="117"/>
        <source>Undo selected import</source>
        <translation>撤销所选导入</translation>
    </message>
    <message>
        <location filename="../../gui/pages/data_page.py" line="119"/>
        <source>View rejected rows</source>
        <translation>查看被拒收的行</translation>
    </message>
    <message>
        <location filename="../../gui/pages/data_page.py" line="146"/>
        <source>browsing</source>
        <translation>浏览</translation>
    </message>
    <message>
        <location filename="../../gui/pages/data_page.py" line="147"/>
        <source>catalogue</source>
        <translation>商品目录</translation>
    </message>
    <message>
        <location filename="../../gui/pages/data_page.py" line="180"/>
        <source>This import rejected no rows.</source>
        <translation>此次导入没有拒收任何行。</translation>
    </message>
</context>
<context>
    <name>Dates</name>
    <message>
        <location filename="../../gui/dates.py" line="32"/>
        <source>d MMM yyyy</source>
        <translation>yyyy年M月d日</translation>
    </message>
    <message>
        <location filename="../../gui/dates.py" line="37"/>
        <source>d MMMM yyyy</source>
        <translation>yyyy年M月d日</translation>
    </message>
    <message>
        <location filename="../../gui/dates.py" line="42"/>
        <source>d MMM</source>
        <translation>M月d日</translation>
    </message>
    <message>
        <location filename="../../gui/dates.py" line="47"/>
        <source>MMMM yyyy</source>
        <translation>yyyy年M月</translation>
    </message>
    <message>
        <location filename="../../gui/dates.py" line="53"/>
        <source>d MMM yyyy HH:mm</source>
        <translation>yyyy年M月d日 HH:mm</translation>
    </message>
    <message>
        <location filename="../../gui/dates.py" line="77"/>
        <source>MMM yyyy</source>
        <translation>yyyy年M月</translation>
    </message>
</context>
<context>
    <name>ExportDialog</name>
    <message>
        <location filename="../../gui/export_dialog.py" line="93"/>
        <source>Export customers likely to leave</source>
        <translation>导出可能流失的客户</translation>
    </message>
    <message>
        <location filename="../../gui/export_dialog.py" line="94"/>
        <source>Export recommended products</source>
        <translation>导出推荐商品</translation>
    </message>
    <message>
        <location filename="../../gui/export_dialog.py" line="96"/>
        <source>Excel workbook (.xlsx): to sort, filter and share</source>
        <translation>Excel 工作簿 (.xlsx)：便于排序、筛选和分享</translation>
    </message>
    <message>
        <location filename="../../gui/export_dialog.py" line="98"/>
        <source>CSV (.csv): for other programs</source>
        <translation>CSV (.csv)：供其他程序使用</translation>
    </message>
    <message>
        <location filename="../../gui/export_dialog.py" line="99"/>
        <source>PDF (.pdf): to print</source>
        <translation>PDF (.pdf)：用于打印</translation>
    </message>
    <message>
        <location filename="../../gui/export_dialog.py" line="107"/>
        <source>Everyone shown</source>
        <translation>当前显示的全部客户</translation>
    </message>
    <message>
        <location filename="../../gui/export_dialog.py" line="108"/>
        <source>Everyone at risk</source>
        <translation>所有有风险的客户</translation>
    </message>
    <message>
        <location filename="../../gui/export_dialog.py" line="109"/>
        <source>Customers to list:</source>
        <translation>列出客户数：</translation>
    </message>
    <message>
        <location filename="../../gui/export_dialog.py" line="113"/>
        <source>Products per customer:</source>
        <translation>每位客户的商品数：</translation>
    </message>
    <message>
        <location filename="../../gui/export_dialog.py" line="116"/>
        <source>All customers</source>
        <translation>所有客户</translation>
    </message>
    <message>
        <location filename="../../gui/export_dialog.py" line="127"/>
        <source>Hide who the customers are (pseudonyms instead of ids, names and e-mails)</source>
        <translation>隐藏客户身份（用化名代替编号、姓名和电子邮件）</translation>
    </message>
    <message>
        <location filename="../../gui/export_dialog.py" line="129"/>
        <source>The same customer gets the same pseudonym in every report of this shop, and nobody can work back to the real customer without this computer&apos;s key.</source>
        <translation>同一位客户在本店的每份报告中都使用相同的化名；没有这台电脑上的密钥，任何人都无法反推出真实客户。</translation>
    </message>
    <message>
        <location filename="../../gui/export_dialog.py" line="133"/>
        <source>Format:</source>
        <translation>格式：</translation>
    </message>
    <message>
        <location filename="../../gui/export_dialog.py" line="135"/>
        <source>Customers:</source>
        <translation>客户：</translation>
    </message>
    <message>
        <location filename="../../gui/export_dialog.py" line="136"/>
        <source>Language:</source>
        <translation>语言：</translation>
    </message>
    <message>
        <location filename="../../gui/export_dialog.py" line="140"/>
        <source>Save as…</source>
        <translation>另存为…</translation>
    </message>
    <message>
        <location filename="../../gui/export_dialog.py" line="147"/>
        <source>Working out who is at risk takes a few seconds to a minute; you can follow it at the bottom of the window.</source>
        <translation>计算哪些客户有流失风险需要几秒钟到一分钟；可在窗口底部查看进度。</translation>
    </message>
</context>
<context>
    <name>ImportWizard</name>
    <message>
        <location filename="../../gui/import_wizard.py" line="349"/>
        <source>Import {file}</source>
        <translation>导入 {file}</translation>
    </message>
    <message>
        <location filename="../../gui/import_wizard.py" line="361"/>
        <source>Import</source>
        <translation>导入</translation>
    </message>
    <message>
        <location filename="../../gui/import_wizard.py" line="370"/>
        <source>UCI Online Retail</source>
        <translation>UCI Online Retail（英国网店数据）</translation>
    </message>
    <message>
        <location filename="../../gui/import_wizard.py" line="371"/>
        <source>Shopify orders export</source>
        <translation>Shopify 订单导出</translation>
    </message>
    <message>
        <location filename="../../gui/import_wizard.py" line="372"/>
        <source>Shopify products export</source>
        <translation>Shopify 商品导出</translation>
    </message>
    <message>
        <location filename="../../gui/import_wizard.py" line="373"/>
        <source>WooCommerce orders export</source>
        <translation>WooCommerce 订单导出</translation>
    </message>
    <message>
        <location filename="../../gui/import_wizard.py" line="374"/>
        <source>WooCommerce products export</source>
        <translation>WooCommerce 商品导出</translation>
    </message>
    <message>
        <location filename="../../gui/import_wizard.py" line="375"/>
        <source>REES46-style event log</source>
        <translation>REES46 格式的行为日志</translation>
    </message>
    <message>
        <location filename="../../gui/import_wizard.py" line="376"/>
        <source>MovieLens ratings (u.data)</source>
        <translation>MovieLens 评分（u.data）</translation>
    </message>
    <message>
        <location filename="../../gui/import_wizard.py" line="377"/>
        <source>MovieLens movies (u.item)</source>
        <translation>MovieLens 电影（u.item）</translation>
    </message>
    <message>
        <location filename="../../gui/import_wizard.py" line="378"/>
        <source>MovieLens users (u.user)</source>
        <translation>MovieLens 用户（u.user）</translation>
    </message>
    <message>
        <location filename="../../gui/import_wizard.py" line="379"/>
        <source>Amazon Reviews (JSON lines)</source>
        <translation>亚马逊评论（JSON 行）</translation>
    </message>
    <message>
        <location filename="../../gui/import_wizard.py" line="380"/>
        <source>your own columns</source>
        <translation>您自己的列</translation>
    </message>
    <message>
        <location filename="../../gui/import_wizard.py" line="388"/>
        <source>Status (C invoices are cancellations)</source>
        <translation>状态（以 C 开头的发票是取消单）</translation>
    </message>
    <message>
        <location filename="../../gui/import_wizard.py" line="390"/>
        <source>Status (Financial Status, Cancelled at)</source>
        <translation>状态（付款状态、取消时间）</translation>
    </message>
    <message>
        <location filename="../../gui/import_wizard.py" line="391"/>
        <source>SKU (Variant SKU, else Handle)</source>
        <translation>SKU（款式 SKU，没有则用 Handle）</translation>
    </message>
    <message>
        <location filename="../../gui/import_wizard.py" line="392"/>
        <source>Description (text of Body)</source>
        <translation>描述（Body 的文字）</translation>
    </message>
    <message>
        <location filename="../../gui/import_wizard.py" line="393"/>
        <source>SKU (else ID)</source>
        <translation>SKU（没有则用 ID）</translation>
    </message>
    <message>
        <location filename="../../gui/import_wizard.py" line="394"/>
        <source>Description (text)</source>
        <translation>描述（文字）</translation>
    </message>
    <message>
        <location filename="../../gui/import_wizard.py" line="395"/>
        <source>Price (sale, else regular)</source>
        <translation>价格（促销价，没有则用原价）</translation>
    </message>
    <message>
        <location filename="../../gui/import_wizard.py" line="396"/>
        <source>genres</source>
        <translation>类型</translation>
    </message>
    <message>
        <location filename="../../gui/import_wizard.py" line="438"/>
        <source>Another job is still running. Wait for it to finish, then import again.</source>
        <translation>另一个任务仍在运行。请等它完成后再导入。</translation>
    </message>
    <message>
        <location filename="../../gui/import_wizard.py" line="473"/>
        <source>{message}

Nothing from this file was saved. Change the mapping, or fix the file and try again.</source>
        <translation>{message}

此文件中的内容都没有保存。请修改列对应关系，或改正文件后重试。</translation>
    </message>
    <message>
        <location filename="../../gui/import_wizard.py" line="478"/>
        <source>Cancelled. Nothing from {file} was saved.</source>
        <translation>已取消。{file} 中的内容都没有保存。</translation>
    </message>
</context>
<context>
    <name>JobRunner</name>
    <message>
        <location filename="../../gui/job_runner.py" line="48"/>
        <source>ShopSense ran into an unexpected problem and stopped; your shop data is as it was. Please try again. If it happens again, send the log file to whoever helps you with ShopSense: {log}</source>
        <translation>ShopSense 遇到意外问题，已停止；您的店铺数据保持原样。请再试一次。如果再次出现，请把日志文件发给为您提供 ShopSense 支持的人：{log}</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <location filename="../../gui/main_window.py" line="174"/>
        <source>ShopSense</source>
        <translation>ShopSense</translation>
    </message>
    <message>
        <location filename="../../gui/main_window.py" line="200"/>
        <source>&amp;File</source>
        <translation>文件(&amp;F)</translation>
    </message>
    <message>
        <location filename="../../gui/main_window.py" line="201"/>
        <source>&amp;Import…</source>
        <translation>导入(&amp;I)…</translation>
    </message>
    <message>
        <location filename="../../gui/main_window.py" line="204"/>
        <source>Open &amp;demo shop</source>
        <translation>打开演示店铺(&amp;D)</translation>
    </message>
    <message>
        <location filename="../../gui/main_window.py" line="206"/>
        <source>Create desktop &amp;shortcut</source>
        <translation>创建桌面快捷方式(&amp;S)</translation>
    </message>
    <message>
        <location filename="../../gui/main_window.py" line="208"/>
        <source>&amp;Settings…</source>
        <translation>设置(&amp;S)…</translation>
    </message>
    <message>
        <location filename="../../gui/main_window.py" line="212"/>
        <source>&amp;Quit</source>
        <translation>退出(&amp;Q)</translation>
    </message>
    <message>
        <location filename="../../gui/main_window.py" line="220"/>
        <source>&amp;Go</source>
        <translation>转到(&amp;G)</translation>
    </message>
    <message>
        <location filename="../../gui/main_window.py" line="227"/>
        <source>&amp;Find…</source>
        <translation>查找(&amp;F)…</translation>
    </message>
    <message>
        <location filename="../../gui/main_window.py" line="233"/>
        <source>&amp;Help</source>
        <translation>帮助(&amp;H)</translation>
    </message>
    <message>
        <location filename="../../gui/main_window.py" line="234"/>
        <source>Show the &amp;log folder</source>
        <translation>打开日志文件夹(&amp;L)</translation>
    </message>
    <message>
        <location filename="../../gui/main_window.py" line="236"/>
        <source>&amp;About ShopSense</source>
        <translation>关于 ShopSense(&amp;A)</translation>
    </message>
    <message>
        <location filename="../../gui/main_window.py" line="261"/>
        <source>Overview</source>
        <translation>概览</translation>
    </message>
    <message>
        <location filename="../../gui/main_window.py" line="262"/>
        <source>Data</source>
        <translation>数据</translation>
    </message>
    <message>
        <location filename="../../gui/main_window.py" line="263"/>
        <source>Customers</source>
        <translation>客户</translation>
    </message>
    <message>
        <location filename="../../gui/main_window.py" line="264"/>
        <source>Recommendations</source>
        <translation>推荐</translation>
    </message>
    <message>
        <location filename="../../gui/main_window.py" line="265"/>
        <source>Churn</source>
        <translation>流失</translation>
    </message>
    <message>
        <location filename="../../gui/main_window.py" line="266"/>
        <source>Models</source>
        <translation>模型</translation>
    </message>
    <message>
        <location filename="../../gui/main_window.py" line="267"/>
        <source>Reports</source>
        <translation>报告</translation>
    </message>
    <message>
        <location filename="../../gui/main_window.py" line="269"/>
        <source>Opening the shop database…</source>
        <translation>正在打开店铺数据库…</translation>
    </message>
    <message>
        <location filename="../../gui/main_window.py" line="317"/>
        <source>Database: {path}</source>
        <translation>数据库：{path}</translation>
    </message>
    <message>
        <location filename="../../gui/main_window.py" line="318"/>
        <source>Compute: looking…</source>
        <translation>计算设备：正在检测…</translation>
    </message>
    <message>
        <location filename="../../gui/main_window.py" line="319"/>
        <source>Where models train. Change it in Settings.</source>
        <translation>模型在哪里训练。可在“设置”中更改。</translation>
    </message>
    <message>
        <location filename="../../gui/main_window.py" line="345"/>
        <source>This page has nothing to search.</source>
        <translation>此页面没有可搜索的内容。</translation>
    </message>
    <message>
        <location filename="../../gui/main_window.py" line="394"/>
        <source>Importing {files}…</source>
        <translation>正在导入 {files}…</translation>
    </message>
    <message>
        <location filename="../../gui/main_window.py" line="401"/>
        <source>Building the demo shop…</source>
        <translation>正在建立演示店铺…</translation>
    </message>
    <message>
        <location filename="../../gui/main_window.py" line="408"/>
        <source>Undo import</source>
        <translation>撤销导入</translation>
    </message>
    <message>
        <location filename="../../gui/main_window.py" line="409"/>
        <source>Remove import {id} ({file}) and everything it brought: its orders, lines, events, and the customers and products no other import refers to?

To get them back, import the file again.</source>
        <translation>删除导入 {id}（{file}）及其带来的全部内容吗？包括它的订单、订单行、事件，以及其他导入未引用的客户和商品。

如需恢复，请再次导入该文件。</translation>
    </message>
    <message>
        <location filename="../../gui/main_window.py" line="417"/>
        <source>Removing import {id}…</source>
        <translation>正在删除导入 {id}…</translation>
    </message>
    <message>
        <location filename="../../gui/main_window.py" line="425"/>
        <source>Reading the rejected rows…</source>
        <translation>正在读取被拒收的行…</translation>
    </message>
    <message>
        <location filename="../../gui/main_window.py" line="468"/>
        <source>Compute: {device}</source>
        <translation>计算设备：{device}</translation>
    </message>
    <message>
        <location filename="../../gui/main_window.py" line="471"/>
        <source>Import finished</source>
        <translation>导入完成</translation>
    </message>
    <message>
        <location filename="../../gui/main_window.py" line="475"/>
        <source>Import failed</source>
        <translation>导入失败</translation>
    </message>
    <message>
        <location filename="../../gui/main_window.py" line="479"/>
        <source>Cancelled. Nothing from the interrupted file was saved.</source>
        <translation>已取消。被中断文件中的内容都没有保存。</translation>
    </message>
    <message>
        <location filename="../../gui/main_window.py" line="482"/>
        <source>The import was removed.</source>
        <translation>该导入已删除。</translation>
    </message>
    <message>
        <location filename="../../gui/main_window.py" line="486"/>
        <source>Undo failed</source>
        <translation>撤销失败</translation>
    </message>
    <message>
        <location filename="../../gui/main_window.py" line="489"/>
        <source>Cancelled; the import was kept.</source>
        <translation>已取消；该导入保留不变。</translation>
    </message>
    <message>
        <location filename="../../gui/main_window.py" line="497"/>
        <source>{file} was imported before (import {id}); nothing was added.</source>
        <translation>{file} 之前已导入（导入 {id}）；没有添加任何内容。</translation>
    </message>
    <message>
        <location filename="../../gui/main_window.py" line="501"/>
        <source>Imported {rows} {things} from {file}; {duplicates} exact duplicates skipped; {rejected} rows rejected.</source>
        <translation>已从 {file} 导入 {rows} 条{things}；跳过 {duplicates} 条完全重复的行；拒收 {rejected} 行。</translation>
    </message>
    <message>
        <location filename="../../gui/main_window.py" line="506"/>
        <location filename="../../gui/main_window.py" line="512"/>
        <source>{sentence} {more}</source>
        <translation>{sentence}{more}</translation>
    </message>
    <message>
        <location filename="../../gui/main_window.py" line="507"/>
        <source>They hold {orders} orders ({returns} returned lines) from {customers} customers, for {products} products.</source>
        <translation>其中包括 {customers} 位客户的 {orders} 个订单（{returns} 条退货行），涉及 {products} 种商品。</translation>
    </message>
    <message>
        <location filename="../../gui/main_window.py" line="513"/>
        <source>To see why rows were rejected, select the import on the Data page and click View rejected rows.</source>
        <translation>要查看行被拒收的原因，请在“数据”页选中该导入，然后点击“查看被拒收的行”。</translation>
    </message>
    <message>
        <location filename="../../gui/main_window.py" line="519"/>
        <source>lines</source>
        <translation>销售行</translation>
    </message>
    <message>
        <location filename="../../gui/main_window.py" line="519"/>
        <source>events</source>
        <translation>事件</translation>
    </message>
    <message>
        <location filename="../../gui/main_window.py" line="520"/>
        <source>products</source>
        <translation>商品</translation>
    </message>
    <message>
        <location filename="../../gui/main_window.py" line="520"/>
        <source>customers</source>
        <translation>客户</translation>
    </message>
    <message>
        <location filename="../../gui/main_window.py" line="521"/>
        <source>rows</source>
        <translation>行</translation>
    </message>
    <message>
        <location filename="../../gui/main_window.py" line="535"/>
        <source>Saved {path}</source>
        <translation>已保存 {path}</translation>
    </message>
    <message>
        <location filename="../../gui/main_window.py" line="537"/>
        <source>Could not save</source>
        <translation>无法保存</translation>
    </message>
    <message>
        <location filename="../../gui/main_window.py" line="538"/>
        <source>{path} could not be written. Choose another folder or file name, and check that the file is not open in another program.</source>
        <translation>无法写入 {path}。请选择其他文件夹或文件名，并确认该文件没有在其他程序中打开。</translation>
    </message>
    <message>
        <location filename="../../gui/main_window.py" line="545"/>
        <source>Cannot read the shop database</source>
        <translation>无法读取店铺数据库</translation>
    </message>
    <message>
        <location filename="../../gui/main_window.py" line="580"/>
        <source>The new language applies when the running job has finished.</source>
        <translation>正在运行的任务完成后，新语言即生效。</translation>
    </message>
    <message>
        <location filename="../../gui/main_window.py" line="596"/>
        <source>Import sales, browsing or catalogue files</source>
        <translation>导入销售、浏览或商品目录文件</translation>
    </message>
    <message>
        <location filename="../../gui/main_window.py" line="597"/>
        <source>Shop exports ({types});;All files (*)</source>
        <translation>店铺导出文件 ({types});;所有文件 (*)</translation>
    </message>
    <message>
        <location filename="../../gui/main_window.py" line="617"/>
        <location filename="../../gui/main_window.py" line="620"/>
        <source>Desktop shortcut</source>
        <translation>桌面快捷方式</translation>
    </message>
    <message>
        <location filename="../../gui/main_window.py" line="621"/>
        <source>ShopSense now starts with a double-click from here:

{paths}</source>
        <translation>现在可以在这里双击启动 ShopSense：

{paths}</translation>
    </message>
    <message>
        <location filename="../../gui/main_window.py" line="625"/>
        <source>About ShopSense</source>
        <translation>关于 ShopSense</translation>
    </message>
    <message>
        <location filename="../../gui/main_window.py" line="626"/>
        <source>ShopSense learns what your customers want from the sales and browsing data you already have. Everything stays on this computer.

Log file: {log}</source>
        <translation>ShopSense 从您已有的销售和浏览数据中了解客户想要什么。所有数据都留在这台电脑上。

日志文件：{log}</translation>
    </message>
    <message>
        <location filename="../../gui/main_window.py" line="681"/>
        <source>Quit ShopSense</source>
        <translation>退出 ShopSense</translation>
    </message>
    <message>
        <location filename="../../gui/main_window.py" line="682"/>
        <source>A job is still running: {job}

Stop it and quit? Stopping keeps everything as it was before the job started.</source>
        <translation>仍有任务在运行：{job}

停止并退出吗？停止后，一切保持任务开始前的样子。</translation>
    </message>
</context>
<context>
    <name>ModelCharts</name>
    <message>
        <location filename="../../gui/model_charts.py" line="74"/>
        <source>On the training data</source>
        <translation>训练数据上</translation>
    </message>
    <message>
        <location filename="../../gui/model_charts.py" line="76"/>
        <source>On held-back purchases</source>
        <translation>预留购买记录上</translation>
    </message>
    <message>
        <location filename="../../gui/model_charts.py" line="78"/>
        <source>Final model, all data</source>
        <translation>最终模型，全部数据</translation>
    </message>
    <message>
        <location filename="../../gui/model_charts.py" line="85"/>
        <source>Mistakes the model still makes (lower is better)</source>
        <translation>模型仍有的误差（越低越好）</translation>
    </message>
    <message>
        <location filename="../../gui/model_charts.py" line="86"/>
        <source>% of the first epoch</source>
        <translation>占第一轮的 %</translation>
    </message>
    <message>
        <location filename="../../gui/model_charts.py" line="87"/>
        <source>How well it ranks what customers bought next</source>
        <translation>对客户接下来购买的商品排序得如何</translation>
    </message>
    <message>
        <location filename="../../gui/model_charts.py" line="88"/>
        <source>{metric} (%)</source>
        <translation>{metric}（%）</translation>
    </message>
    <message>
        <location filename="../../gui/model_charts.py" line="92"/>
        <source>Epoch (one pass over your data)</source>
        <translation>训练轮次（完整遍历一次数据）</translation>
    </message>
    <message>
        <location filename="../../gui/model_charts.py" line="107"/>
        <source>The training curves appear here, epoch by epoch, once training starts.</source>
        <translation>训练开始后，训练曲线将逐轮显示在这里。</translation>
    </message>
    <message>
        <location filename="../../gui/model_charts.py" line="111"/>
        <source>This model learns in one step, so it has no training curve.</source>
        <translation>此模型一步完成学习，因此没有训练曲线。</translation>
    </message>
    <message>
        <location filename="../../gui/model_charts.py" line="192"/>
        <source>Train a model to compare it with the others here.</source>
        <translation>训练一个模型，即可在这里与其他模型比较。</translation>
    </message>
    <message>
        <location filename="../../gui/model_charts.py" line="201"/>
        <source>Ranking quality (NDCG@10)</source>
        <translation>排序质量（NDCG@10）</translation>
    </message>
    <message>
        <location filename="../../gui/model_charts.py" line="204"/>
        <source>Next purchases found in the top 20 (Recall@20)</source>
        <translation>前 20 项中命中的后续购买（Recall@20）</translation>
    </message>
    <message>
        <location filename="../../gui/model_charts.py" line="210"/>
        <source>How well each model predicts what customers buy next</source>
        <translation>各模型预测客户接下来购买什么的效果</translation>
    </message>
    <message>
        <location filename="../../gui/model_charts.py" line="212"/>
        <source>Score on held-back purchases (%, higher is better)</source>
        <translation>在预留购买记录上的得分（%，越高越好）</translation>
    </message>
    <message>
        <location filename="../../gui/model_charts.py" line="232"/>
        <source>How far predicted star ratings are from the real ones</source>
        <translation>预测星级评分与真实评分的差距</translation>
    </message>
    <message>
        <location filename="../../gui/model_charts.py" line="234"/>
        <source>Typical error in stars (RMSE, lower is better)</source>
        <translation>典型误差，以星级计（RMSE，越低越好）</translation>
    </message>
</context>
<context>
    <name>ModelsPage</name>
    <message>
        <location filename="../../gui/pages/models_page.py" line="88"/>
        <source>Models</source>
        <translation>模型</translation>
    </message>
    <message>
        <location filename="../../gui/pages/models_page.py" line="90"/>
        <source>The models that choose each customer&apos;s recommendations and spot customers about to leave: train one, watch it learn, and compare it with simple rules.</source>
        <translation>这些模型为每位客户挑选推荐商品，并找出即将流失的客户：训练一个模型，观察它的学习过程，并与简单规则进行比较。</translation>
    </message>
    <message>
        <location filename="../../gui/pages/models_page.py" line="97"/>
        <source>Train</source>
        <translation>训练</translation>
    </message>
    <message>
        <location filename="../../gui/pages/models_page.py" line="98"/>
        <source>History</source>
        <translation>历史记录</translation>
    </message>
    <message>
        <location filename="../../gui/pages/models_page.py" line="99"/>
        <source>Compare recommenders</source>
        <translation>比较推荐模型</translation>
    </message>
    <message>
        <location filename="../../gui/pages/models_page.py" line="100"/>
        <source>Churn models</source>
        <translation>流失模型</translation>
    </message>
    <message>
        <location filename="../../gui/pages/models_page.py" line="123"/>
        <source>Not training</source>
        <translation>未在训练</translation>
    </message>
    <message>
        <location filename="../../gui/pages/models_page.py" line="141"/>
        <source>Good: the mistakes go down and the ranking score goes up, then both level off. If the held-back line turns up again, more epochs will not help.</source>
        <translation>理想情况：误差下降、排序得分上升，随后两者趋于平稳。如果预留数据的曲线又开始上升，增加训练轮数也无济于事。</translation>
    </message>
    <message>
        <location filename="../../gui/pages/models_page.py" line="155"/>
        <source>No.</source>
        <translation>编号</translation>
    </message>
    <message>
        <location filename="../../gui/pages/models_page.py" line="155"/>
        <source>Model</source>
        <translation>模型</translation>
    </message>
    <message>
        <location filename="../../gui/pages/models_page.py" line="155"/>
        <source>Status</source>
        <translation>状态</translation>
    </message>
    <message>
        <location filename="../../gui/pages/models_page.py" line="156"/>
        <source>In use</source>
        <translation>使用中</translation>
    </message>
    <message>
        <location filename="../../gui/pages/models_page.py" line="156"/>
        <source>Started</source>
        <translation>开始时间</translation>
    </message>
    <message>
        <location filename="../../gui/pages/models_page.py" line="157"/>
        <source>Seconds
to train</source>
        <translation>训练
秒数</translation>
    </message>
    <message>
        <location filename="../../gui/pages/models_page.py" line="158"/>
        <source>Ranking
quality %</source>
        <translation>排序
质量 %</translation>
    </message>
    <message>
        <location filename="../../gui/pages/models_page.py" line="158"/>
        <source>Found in
top 20 %</source>
        <translation>前 20
命中率 %</translation>
    </message>
    <message>
        <location filename="../../gui/pages/models_page.py" line="159"/>
        <source>Right in
top 10 %</source>
        <translation>前 10
准确率 %</translation>
    </message>
    <message>
        <location filename="../../gui/pages/models_page.py" line="160"/>
        <source>Catalogue
used %</source>
        <translation>商品
覆盖率 %</translation>
    </message>
    <message>
        <location filename="../../gui/pages/models_page.py" line="161"/>
        <source>Rating error
(RMSE)</source>
        <translation>评分误差
（RMSE）</translation>
    </message>
    <message>
        <location filename="../../gui/pages/models_page.py" line="161"/>
        <source>Rating error
(MAE)</source>
        <translation>评分误差
（MAE）</translation>
    </message>
    <message>
        <location filename="../../gui/pages/models_page.py" line="162"/>
        <source>Trained on</source>
        <translation>训练设备</translation>
    </message>
    <message>
        <location filename="../../gui/pages/models_page.py" line="173"/>
        <source>Every model is scored the same way: it learns without the most recent purchases, then must predict them. Higher percentages are better; the baselines are simple rules to beat. Ranking quality is NDCG@10, found in top 20 is Recall@20, right in top 10 is Precision@10; catalogue used is the share of your products recommended to anyone.</source>
        <translation>所有模型都用同一方法评分：先在不含最近购买记录的数据上学习，再预测这些购买。百分比越高越好；基准是模型应当超越的简单规则。排序质量即 NDCG@10，前 20 命中即 Recall@20，前 10 准确即 Precision@10；商品覆盖率是被推荐给任一客户的商品占全部商品的比例。</translation>
    </message>
    <message>
        <location filename="../../gui/pages/models_page.py" line="185"/>
        <source>Tip: also train a simple rule, such as “{model}”, to see whether a model does better than it.</source>
        <translation>提示：再训练一个简单规则，例如“{model}”，看看模型是否比它更好。</translation>
    </message>
    <message>
        <location filename="../../gui/pages/models_page.py" line="189"/>
        <source>Good: short bars, meaning predicted star ratings close to the real ones.</source>
        <translation>理想情况：条形越短越好，表示预测的星级评分接近真实评分。</translation>
    </message>
    <message>
        <location filename="../../gui/pages/models_page.py" line="194"/>
        <source>Good: long bars. Grey bars are simple rules (baselines); a model is worth using when it beats them. Each model&apos;s latest finished run is shown.</source>
        <translation>理想情况：条形越长越好。灰色条形是简单规则（基准）；模型超过它们才值得使用。图中显示每个模型最近一次完成的训练。</translation>
    </message>
    <message>
        <location filename="../../gui/pages/models_page.py" line="202"/>
        <source>Score churn</source>
        <translation>评估流失</translation>
    </message>
    <message>
        <location filename="../../gui/pages/models_page.py" line="205"/>
        <source>Churn models guess which customers are about to stop buying. Score churn to compare them here; it takes a few seconds.</source>
        <translation>流失模型预测哪些客户即将不再购买。评估流失后即可在这里比较各模型，只需几秒钟。</translation>
    </message>
    <message>
        <location filename="../../gui/pages/models_page.py" line="230"/>
        <source>Good: curves hugging the top-left corner. The legend gives the area under each curve: 1.0 is perfect, 0.5 is guessing.</source>
        <translation>理想情况：曲线紧贴左上角。图例给出每条曲线下的面积：1.0 为完美，0.5 相当于随机猜测。</translation>
    </message>
    <message>
        <location filename="../../gui/pages/models_page.py" line="232"/>
        <source>Good: curves staying high to the right, above the dotted line.</source>
        <translation>理想情况：曲线向右一直保持在高处，位于虚线上方。</translation>
    </message>
    <message>
        <location filename="../../gui/pages/models_page.py" line="233"/>
        <source>Good: points on the dotted line; a 30% risk means about 3 in 10 leave.</source>
        <translation>理想情况：点落在虚线上；30% 的风险意味着每 10 人中约有 3 人流失。</translation>
    </message>
    <message>
        <location filename="../../gui/pages/models_page.py" line="257"/>
        <source>finished</source>
        <translation>已完成</translation>
    </message>
    <message>
        <location filename="../../gui/pages/models_page.py" line="257"/>
        <source>cancelled</source>
        <translation>已取消</translation>
    </message>
    <message>
        <location filename="../../gui/pages/models_page.py" line="258"/>
        <source>failed</source>
        <translation>失败</translation>
    </message>
    <message>
        <location filename="../../gui/pages/models_page.py" line="274"/>
        <source>No model has been trained yet. Train one on the Train tab.</source>
        <translation>尚未训练任何模型。请在“训练”标签页训练一个。</translation>
    </message>
    <message>
        <location filename="../../gui/pages/models_page.py" line="309"/>
        <source>Training {model}…</source>
        <translation>正在训练“{model}”…</translation>
    </message>
    <message>
        <location filename="../../gui/pages/models_page.py" line="323"/>
        <source>No recommendations yet: train a model to make them.</source>
        <translation>还没有推荐：请训练一个模型来生成推荐。</translation>
    </message>
    <message>
        <location filename="../../gui/pages/models_page.py" line="324"/>
        <source>Recommendations now come from “{model}”, with a ranking quality of {score:.1f}%.</source>
        <translation>当前推荐来自“{model}”，排序质量为 {score:.1f}%。</translation>
    </message>
    <message>
        <location filename="../../gui/pages/models_page.py" line="403"/>
        <source>Recommendations for {customers} customers now come from “{model}”. Ranking quality: {score:.1f}%.</source>
        <translation>现在由“{model}”为 {customers} 位客户挑选推荐。排序质量：{score:.1f}%。</translation>
    </message>
    <message>
        <location filename="../../gui/pages/models_page.py" line="409"/>
        <source>The model it replaced, “{model}”, scored {score:.1f}%.</source>
        <translation>被替换的模型“{model}”得分为 {score:.1f}%。</translation>
    </message>
    <message>
        <location filename="../../gui/pages/models_page.py" line="415"/>
        <source>Training was cancelled. The run is kept in the history as cancelled, and recommendations still come from “{model}”.</source>
        <translation>训练已取消。这次训练以“已取消”状态保留在历史记录中，推荐仍来自“{model}”。</translation>
    </message>
    <message>
        <location filename="../../gui/pages/models_page.py" line="340"/>
        <location filename="../../gui/pages/models_page.py" line="363"/>
        <source>Reading your sales and browsing…</source>
        <translation>正在读取销售和浏览数据…</translation>
    </message>
    <message>
        <location filename="../../gui/pages/models_page.py" line="364"/>
        <source>Step 1 of 2: measuring how well it predicts</source>
        <translation>第 1 步（共 2 步）：衡量预测效果</translation>
    </message>
    <message>
        <location filename="../../gui/pages/models_page.py" line="365"/>
        <source>Step 1 of 2: scoring its predictions…</source>
        <translation>第 1 步（共 2 步）：正在为预测评分…</translation>
    </message>
    <message>
        <location filename="../../gui/pages/models_page.py" line="366"/>
        <source>Step 2 of 2: learning from all your data</source>
        <translation>第 2 步（共 2 步）：从全部数据中学习</translation>
    </message>
    <message>
        <location filename="../../gui/pages/models_page.py" line="367"/>
        <source>Choosing products for every customer…</source>
        <translation>正在为每位客户挑选商品…</translation>
    </message>
    <message>
        <location filename="../../gui/pages/models_page.py" line="371"/>
        <source>Epoch {epoch} of {epochs}</source>
        <translation>第 {epoch} / {epochs} 轮</translation>
    </message>
    <message>
        <location filename="../../gui/pages/models_page.py" line="381"/>
        <source>Elapsed: {time}</source>
        <translation>已用时间：{time}</translation>
    </message>
    <message>
        <location filename="../../gui/pages/models_page.py" line="394"/>
        <source>Training finished</source>
        <translation>训练完成</translation>
    </message>
    <message>
        <location filename="../../gui/pages/models_page.py" line="394"/>
        <source>Training stopped</source>
        <translation>训练已停止</translation>
    </message>
    <message>
        <location filename="../../gui/pages/models_page.py" line="395"/>
        <source>Training failed</source>
        <translation>训练失败</translation>
    </message>
    <message>
        <location filename="../../gui/pages/models_page.py" line="399"/>
        <source>Training stopped because of a problem; the recommendations did not change.</source>
        <translation>训练因故停止；推荐没有改变。</translation>
    </message>
    <message>
        <location filename="../../gui/pages/models_page.py" line="408"/>
        <source>{sentence} {more}</source>
        <translation>{sentence}{more}</translation>
    </message>
    <message>
        <location filename="../../gui/pages/models_page.py" line="419"/>
        <source>Training was cancelled. The run is kept in the history as cancelled; there are still no recommendations.</source>
        <translation>训练已取消。这次训练以“已取消”状态保留在历史记录中；目前仍没有推荐。</translation>
    </message>
    <message>
        <location filename="../../gui/pages/models_page.py" line="452"/>
        <source>Select a run to see how it learned.</source>
        <translation>选择一条训练记录，查看其学习过程。</translation>
    </message>
    <message>
        <location filename="../../gui/pages/models_page.py" line="456"/>
        <source>held back the last {days} days of purchases</source>
        <translation>预留最近 {days} 天的购买记录</translation>
    </message>
    <message>
        <location filename="../../gui/pages/models_page.py" line="458"/>
        <source>held back each customer&apos;s last basket</source>
        <translation>预留每位客户的最后一个购物篮</translation>
    </message>
    <message>
        <location filename="../../gui/pages/models_page.py" line="459"/>
        <source>held back a random fifth of the ratings</source>
        <translation>随机预留五分之一的评分</translation>
    </message>
    <message>
        <location filename="../../gui/pages/models_page.py" line="460"/>
        <source>{model}, run {id}: {how} ({rows} rows) and checked its predictions against them.</source>
        <translation>{model}（训练编号 {id}）：{how}（{rows} 行），并用这些数据检验了预测。</translation>
    </message>
    <message>
        <location filename="../../gui/pages/models_page.py" line="487"/>
        <source>{count} models were tested on {customers} customers ({rate:.0%} of whom stopped buying within {days} days). The best, {model}, scores customers&apos; risk.</source>
        <translation>在 {customers} 位客户上测试了 {count} 个模型（其中 {rate:.0%} 的客户在 {days} 天内不再购买）。由表现最好的“{model}”评估客户的流失风险。</translation>
    </message>
</context>
<context>
    <name>OverviewPage</name>
    <message>
        <location filename="../../gui/pages/overview_page.py" line="42"/>
        <source>Overview</source>
        <translation>概览</translation>
    </message>
    <message>
        <location filename="../../gui/pages/overview_page.py" line="48"/>
        <source>customers</source>
        <translation>客户</translation>
    </message>
    <message>
        <location filename="../../gui/pages/overview_page.py" line="49"/>
        <source>orders</source>
        <translation>订单</translation>
    </message>
    <message>
        <location filename="../../gui/pages/overview_page.py" line="50"/>
        <source>revenue, after returns</source>
        <translation>收入（扣除退货）</translation>
    </message>
    <message>
        <location filename="../../gui/pages/overview_page.py" line="51"/>
        <source>active customers</source>
        <translation>活跃客户</translation>
    </message>
    <message>
        <location filename="../../gui/pages/overview_page.py" line="52"/>
        <source>customers at high risk of leaving</source>
        <translation>高流失风险客户</translation>
    </message>
    <message>
        <location filename="../../gui/pages/overview_page.py" line="55"/>
        <source>Orders in which a customer bought at least one product and that were not cancelled. The Data page counts every order imported, cancellations and returns included.</source>
        <translation>顾客至少买了一件商品且未被取消的订单。“数据”页统计导入的全部订单，包括取消和退货。</translation>
    </message>
    <message>
        <location filename="../../gui/pages/overview_page.py" line="69"/>
        <source>Segments group customers by how recently, how often and how much they buy. Open a customer on the Customers page to see what their segment means.</source>
        <translation>分群按最近一次购买时间、购买频率和消费金额对客户进行分组。在“客户”页打开某位客户，即可查看其所属分群的含义。</translation>
    </message>
    <message>
        <location filename="../../gui/pages/overview_page.py" line="87"/>
        <source>Reading your shop…</source>
        <translation>正在读取店铺数据…</translation>
    </message>
    <message>
        <location filename="../../gui/pages/overview_page.py" line="103"/>
        <source>Everything customers paid, minus what was refunded for returns: {revenue}</source>
        <translation>客户支付的全部金额，减去退货退款：{revenue}</translation>
    </message>
    <message>
        <location filename="../../gui/pages/overview_page.py" line="107"/>
        <source>Customers who bought in the last {days} days of your data; after that long without an order, few of your customers come back.</source>
        <translation>在数据最后 {days} 天内有购买的客户；超过这么久没有下单的客户，很少会再回来。</translation>
    </message>
    <message>
        <location filename="../../gui/pages/overview_page.py" line="110"/>
        <source>active (bought in the last {days} days)</source>
        <translation>活跃客户（最近 {days} 天有购买）</translation>
    </message>
    <message>
        <location filename="../../gui/pages/overview_page.py" line="113"/>
        <source>No orders yet: import your sales on the Data page to see how your shop is doing.</source>
        <translation>还没有订单：请在“数据”页导入销售数据，查看店铺经营情况。</translation>
    </message>
    <message>
        <location filename="../../gui/pages/overview_page.py" line="118"/>
        <source>Your data runs from {first} to {last}.</source>
        <translation>数据时间范围：{first} 至 {last}。</translation>
    </message>
    <message>
        <location filename="../../gui/pages/overview_page.py" line="141"/>
        <source>scoring…</source>
        <translation>评估中…</translation>
    </message>
    <message>
        <location filename="../../gui/pages/overview_page.py" line="147"/>
        <source>Customers with a high churn risk: they are unlikely to buy again soon unless you reach out. The Churn page lists them with reasons and what to do, and the wider list of everyone at risk.</source>
        <translation>流失风险高的客户：除非您主动联系，否则他们近期不太可能再次购买。“流失”页列出了这些客户、原因和应对建议，以及所有有风险客户的完整名单。</translation>
    </message>
    <message>
        <location filename="../../gui/pages/overview_page.py" line="151"/>
        <source>Customers with a high churn risk ({high} or more): they are unlikely to buy again soon unless you reach out. The Churn page lists them with reasons and what to do, and the wider list of everyone at risk.</source>
        <translation>流失风险高（{high} 及以上）的客户：除非您主动联系，否则他们近期不太可能再次购买。“流失”页列出了这些客户、原因和应对建议，以及所有有风险客户的完整名单。</translation>
    </message>
    <message>
        <location filename="../../gui/pages/overview_page.py" line="172"/>
        <source>Revenue per month will show here once you import sales.</source>
        <translation>导入销售数据后，每月收入将显示在这里。</translation>
    </message>
    <message>
        <location filename="../../gui/pages/overview_page.py" line="182"/>
        <source>Revenue per month, after returns</source>
        <translation>每月收入（扣除退货）</translation>
    </message>
    <message>
        <location filename="../../gui/pages/overview_page.py" line="184"/>
        <source>The last month is only partly in your data (up to {day})</source>
        <translation>最后一个月的数据不完整（截至 {day}）</translation>
    </message>
    <message>
        <location filename="../../gui/pages/overview_page.py" line="192"/>
        <source>New and returning customers will show here once you import sales.</source>
        <translation>导入销售数据后，新客户和回头客将显示在这里。</translation>
    </message>
    <message>
        <location filename="../../gui/pages/overview_page.py" line="197"/>
        <source>returning customers</source>
        <translation>回头客</translation>
    </message>
    <message>
        <location filename="../../gui/pages/overview_page.py" line="200"/>
        <source>new customers</source>
        <translation>新客户</translation>
    </message>
    <message>
        <location filename="../../gui/pages/overview_page.py" line="201"/>
        <source>Customers who bought each month</source>
        <translation>每月购买的客户数</translation>
    </message>
    <message>
        <location filename="../../gui/pages/overview_page.py" line="209"/>
        <source>Customer segments will show here once you import sales with customer numbers.</source>
        <translation>导入带客户编号的销售数据后，客户分群将显示在这里。</translation>
    </message>
    <message>
        <location filename="../../gui/pages/overview_page.py" line="218"/>
        <source>Customers per segment</source>
        <translation>各分群的客户数</translation>
    </message>
</context>
<context>
    <name>ProgressPanel</name>
    <message>
        <location filename="../../gui/main_window.py" line="98"/>
        <location filename="../../gui/main_window.py" line="112"/>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <location filename="../../gui/main_window.py" line="99"/>
        <source>Stop the running job (Esc)</source>
        <translation>停止正在运行的任务（Esc）</translation>
    </message>
    <message>
        <location filename="../../gui/main_window.py" line="125"/>
        <source>Cancelling…</source>
        <translation>正在取消…</translation>
    </message>
    <message>
        <location filename="../../gui/main_window.py" line="126"/>
        <source>Stopping at the next safe point…</source>
        <translation>将在下一个安全点停止…</translation>
    </message>
</context>
<context>
    <name>RecommendationsPage</name>
    <message>
        <location filename="../../gui/pages/recommendations_page.py" line="260"/>
        <source>Recommendations</source>
        <translation>推荐</translation>
    </message>
    <message>
        <location filename="../../gui/pages/recommendations_page.py" line="270"/>
        <source>Reading the recommendations…</source>
        <translation>正在读取推荐…</translation>
    </message>
    <message>
        <location filename="../../gui/pages/recommendations_page.py" line="276"/>
        <source>No recommendations yet. Train a model on the Models page to see recommendations here: it learns from your sales which products each customer is likely to want next.</source>
        <translation>还没有推荐。在“模型”页训练一个模型后，推荐将显示在这里：模型会从您的销售数据中学习每位客户接下来可能想要哪些商品。</translation>
    </message>
    <message>
        <location filename="../../gui/pages/recommendations_page.py" line="281"/>
        <source>Go to the Models page</source>
        <translation>前往“模型”页</translation>
    </message>
    <message>
        <location filename="../../gui/pages/recommendations_page.py" line="288"/>
        <source>Every model you trained keeps its suggestions; choose the one whose suggestions the app shows.</source>
        <translation>每个训练过的模型都保留其推荐结果；请选择应用中显示哪个模型的推荐。</translation>
    </message>
    <message>
        <location filename="../../gui/pages/recommendations_page.py" line="294"/>
        <source>Export…</source>
        <translation>导出…</translation>
    </message>
    <message>
        <location filename="../../gui/pages/recommendations_page.py" line="295"/>
        <source>Save every customer&apos;s suggestions as a report.</source>
        <translation>将每位客户的推荐保存为报告。</translation>
    </message>
    <message>
        <location filename="../../gui/pages/recommendations_page.py" line="298"/>
        <source>Suggestions come from</source>
        <translation>推荐来自</translation>
    </message>
    <message>
        <location filename="../../gui/pages/recommendations_page.py" line="304"/>
        <source>For a customer</source>
        <translation>按客户</translation>
    </message>
    <message>
        <location filename="../../gui/pages/recommendations_page.py" line="305"/>
        <source>Whom to offer a product</source>
        <translation>商品推荐给谁</translation>
    </message>
    <message>
        <location filename="../../gui/pages/recommendations_page.py" line="306"/>
        <source>Similar products</source>
        <translation>相似商品</translation>
    </message>
    <message>
        <location filename="../../gui/pages/recommendations_page.py" line="326"/>
        <source>Search customers…</source>
        <translation>搜索客户…</translation>
    </message>
    <message>
        <location filename="../../gui/pages/recommendations_page.py" line="330"/>
        <source>Open profile</source>
        <translation>打开档案</translation>
    </message>
    <message>
        <location filename="../../gui/pages/recommendations_page.py" line="336"/>
        <source>No.</source>
        <translation>编号</translation>
    </message>
    <message>
        <location filename="../../gui/pages/recommendations_page.py" line="336"/>
        <location filename="../../gui/pages/recommendations_page.py" line="377"/>
        <source>Product</source>
        <translation>商品</translation>
    </message>
    <message>
        <location filename="../../gui/pages/recommendations_page.py" line="336"/>
        <location filename="../../gui/pages/recommendations_page.py" line="377"/>
        <source>Code</source>
        <translation>编码</translation>
    </message>
    <message>
        <location filename="../../gui/pages/recommendations_page.py" line="337"/>
        <location filename="../../gui/pages/recommendations_page.py" line="378"/>
        <source>Category</source>
        <translation>类别</translation>
    </message>
    <message>
        <location filename="../../gui/pages/recommendations_page.py" line="337"/>
        <source>Why we suggest it</source>
        <translation>推荐理由</translation>
    </message>
    <message>
        <location filename="../../gui/pages/recommendations_page.py" line="338"/>
        <source>Description</source>
        <translation>描述</translation>
    </message>
    <message>
        <location filename="../../gui/pages/recommendations_page.py" line="340"/>
        <source>The products this customer is most likely to want next, best first; what they already bought is left out.</source>
        <translation>此客户接下来最可能想要的商品，最合适的排在前面；已买过的商品不列出。</translation>
    </message>
    <message>
        <location filename="../../gui/pages/recommendations_page.py" line="352"/>
        <location filename="../../gui/pages/recommendations_page.py" line="373"/>
        <source>Search products…</source>
        <translation>搜索商品…</translation>
    </message>
    <message>
        <location filename="../../gui/pages/recommendations_page.py" line="360"/>
        <source>Customer</source>
        <translation>客户</translation>
    </message>
    <message>
        <location filename="../../gui/pages/recommendations_page.py" line="360"/>
        <source>Name</source>
        <translation>姓名</translation>
    </message>
    <message>
        <location filename="../../gui/pages/recommendations_page.py" line="361"/>
        <source>Country</source>
        <translation>国家/地区</translation>
    </message>
    <message>
        <location filename="../../gui/pages/recommendations_page.py" line="361"/>
        <source>Place on their list</source>
        <translation>推荐名次</translation>
    </message>
    <message>
        <location filename="../../gui/pages/recommendations_page.py" line="362"/>
        <source>Why</source>
        <translation>原因</translation>
    </message>
    <message>
        <location filename="../../gui/pages/recommendations_page.py" line="378"/>
        <source>Match</source>
        <translation>相似度</translation>
    </message>
    <message>
        <location filename="../../gui/pages/recommendations_page.py" line="387"/>
        <source>Bought by the same customers</source>
        <translation>买过它的客户也买了</translation>
    </message>
    <message>
        <location filename="../../gui/pages/recommendations_page.py" line="388"/>
        <source>Products most often bought by the customers who bought this one: good to show beside it or in a bundle.</source>
        <translation>买过此商品的客户最常购买的其他商品：适合放在它旁边展示或组合销售。</translation>
    </message>
    <message>
        <location filename="../../gui/pages/recommendations_page.py" line="390"/>
        <source>Described alike</source>
        <translation>描述相似</translation>
    </message>
    <message>
        <location filename="../../gui/pages/recommendations_page.py" line="391"/>
        <source>Products whose name, description and category read most like this one&apos;s; this needs no sales, so it also works for new products.</source>
        <translation>名称、描述和类别与此商品最相似的商品；这不需要销售数据，因此也适用于新商品。</translation>
    </message>
    <message>
        <location filename="../../gui/pages/recommendations_page.py" line="402"/>
        <source>Comparing products… This takes a few seconds on a big shop.</source>
        <translation>正在比较商品… 商品多的店铺需要几秒钟。</translation>
    </message>
    <message>
        <location filename="../../gui/pages/recommendations_page.py" line="440"/>
        <source>{count} customers with suggestions</source>
        <translation>{count} 位客户有推荐</translation>
    </message>
    <message>
        <location filename="../../gui/pages/recommendations_page.py" line="442"/>
        <source>{count} products suggested to someone, each after how many customers it is suggested to</source>
        <translation>{count} 种商品被推荐给了客户，每项前面是被推荐的客户数</translation>
    </message>
    <message>
        <location filename="../../gui/pages/recommendations_page.py" line="449"/>
        <source>{model}, trained {when}</source>
        <translation>{model}，训练于 {when}</translation>
    </message>
    <message>
        <location filename="../../gui/pages/recommendations_page.py" line="455"/>
        <source>No model serves suggestions at the moment: choose one above.</source>
        <translation>目前没有模型提供推荐：请在上方选择一个。</translation>
    </message>
    <message>
        <location filename="../../gui/pages/recommendations_page.py" line="465"/>
        <source>Tested on the last {days} days of sales</source>
        <translation>用最近 {days} 天的销售检验</translation>
    </message>
    <message>
        <location filename="../../gui/pages/recommendations_page.py" line="467"/>
        <source>Tested on each customer&apos;s latest order</source>
        <translation>用每位客户的最近一笔订单检验</translation>
    </message>
    <message>
        <location filename="../../gui/pages/recommendations_page.py" line="468"/>
        <source>Tested on a random fifth of the ratings</source>
        <translation>用随机抽取的五分之一评分检验</translation>
    </message>
    <message>
        <location filename="../../gui/pages/recommendations_page.py" line="469"/>
        <source>Tested on held-back data</source>
        <translation>用预留数据检验</translation>
    </message>
    <message>
        <location filename="../../gui/pages/recommendations_page.py" line="470"/>
        <source>{tested}: {share} of customers went on to buy at least one product from their top 10.</source>
        <translation>{tested}：{share} 的客户后来至少买了其前 10 项推荐中的一件商品。</translation>
    </message>
    <message>
        <location filename="../../gui/pages/recommendations_page.py" line="508"/>
        <source>{count} customers have this product among their top suggestions, strongest match first. None of them has bought it yet: they are the ones to offer it to. Double-click a customer to open their profile.</source>
        <translation>有 {count} 位客户的首选推荐中包含此商品，按匹配度从高到低排列。他们都还没买过它，正是应该向其推荐的对象。双击客户可打开其档案。</translation>
    </message>
    <message>
        <location filename="../../gui/pages/recommendations_page.py" line="541"/>
        <source>{count} products, most bought first</source>
        <translation>{count} 种商品，购买最多的排在前面</translation>
    </message>
    <message>
        <location filename="../../gui/pages/recommendations_page.py" line="573"/>
        <source>Switching the model that serves suggestions…</source>
        <translation>正在切换提供推荐的模型…</translation>
    </message>
</context>
<context>
    <name>RejectedRowsDialog</name>
    <message>
        <location filename="../../gui/pages/data_page.py" line="204"/>
        <source>Rejected rows of {file}</source>
        <translation>{file} 中被拒收的行</translation>
    </message>
    <message>
        <location filename="../../gui/pages/data_page.py" line="208"/>
        <source>Row</source>
        <translation>行</translation>
    </message>
    <message>
        <location filename="../../gui/pages/data_page.py" line="208"/>
        <source>Column</source>
        <translation>列</translation>
    </message>
    <message>
        <location filename="../../gui/pages/data_page.py" line="209"/>
        <source>Reason</source>
        <translation>原因</translation>
    </message>
    <message>
        <location filename="../../gui/pages/data_page.py" line="209"/>
        <source>What the row said</source>
        <translation>该行原文</translation>
    </message>
    <message>
        <location filename="../../gui/pages/data_page.py" line="219"/>
        <source>{count} rows of {file} were not imported. Fix them in the file and import it again, or leave them out.</source>
        <translation>{file} 中有 {count} 行未导入。请在文件中改正后重新导入，或者不导入它们。</translation>
    </message>
    <message>
        <location filename="../../gui/pages/data_page.py" line="225"/>
        <source>Save as CSV…</source>
        <translation>另存为 CSV…</translation>
    </message>
    <message>
        <location filename="../../gui/pages/data_page.py" line="237"/>
        <source>Save the rejected rows</source>
        <translation>保存被拒收的行</translation>
    </message>
    <message>
        <location filename="../../gui/pages/data_page.py" line="239"/>
        <source>CSV files (*.csv)</source>
        <translation>CSV 文件 (*.csv)</translation>
    </message>
</context>
<context>
    <name>ReportExport</name>
    <message>
        <location filename="../../gui/export_dialog.py" line="209"/>
        <source>customers-likely-to-leave</source>
        <translation>可能流失的客户</translation>
    </message>
    <message>
        <location filename="../../gui/export_dialog.py" line="210"/>
        <source>recommended-products</source>
        <translation>推荐商品</translation>
    </message>
    <message>
        <location filename="../../gui/export_dialog.py" line="216"/>
        <source>Excel workbook (*.xlsx)</source>
        <translation>Excel 工作簿 (*.xlsx)</translation>
    </message>
    <message>
        <location filename="../../gui/export_dialog.py" line="216"/>
        <source>CSV file (*.csv)</source>
        <translation>CSV 文件 (*.csv)</translation>
    </message>
    <message>
        <location filename="../../gui/export_dialog.py" line="217"/>
        <source>PDF document (*.pdf)</source>
        <translation>PDF 文档 (*.pdf)</translation>
    </message>
    <message>
        <location filename="../../gui/export_dialog.py" line="218"/>
        <source>Save the report as</source>
        <translation>将报告另存为</translation>
    </message>
    <message>
        <location filename="../../gui/export_dialog.py" line="233"/>
        <source>Saving the report of customers likely to leave…</source>
        <translation>正在保存可能流失客户的报告…</translation>
    </message>
    <message>
        <location filename="../../gui/export_dialog.py" line="234"/>
        <source>Saving the recommendations report…</source>
        <translation>正在保存推荐报告…</translation>
    </message>
    <message>
        <location filename="../../gui/export_dialog.py" line="240"/>
        <source>The report was not saved</source>
        <translation>报告未保存</translation>
    </message>
    <message>
        <location filename="../../gui/export_dialog.py" line="247"/>
        <source>Report saved</source>
        <translation>报告已保存</translation>
    </message>
    <message>
        <location filename="../../gui/export_dialog.py" line="248"/>
        <source>Saved {file}: {rows} rows for {customers} customers.</source>
        <translation>已保存 {file}：{customers} 位客户，共 {rows} 行。</translation>
    </message>
    <message>
        <location filename="../../gui/export_dialog.py" line="255"/>
        <source>Open the file</source>
        <translation>打开文件</translation>
    </message>
    <message>
        <location filename="../../gui/export_dialog.py" line="257"/>
        <source>Show in folder</source>
        <translation>在文件夹中显示</translation>
    </message>
</context>
<context>
    <name>ReportsPage</name>
    <message>
        <location filename="../../gui/pages/reports_page.py" line="80"/>
        <source>Reports</source>
        <translation>报告</translation>
    </message>
    <message>
        <location filename="../../gui/pages/reports_page.py" line="82"/>
        <source>Save a list to hand on: the customers worth a call, or the products to suggest in your newsletter.</source>
        <translation>保存一份名单交给同事：值得致电联系的客户，或可在电子报中推荐的商品。</translation>
    </message>
    <message>
        <location filename="../../gui/pages/reports_page.py" line="86"/>
        <source>Customers likely to leave</source>
        <translation>可能流失的客户</translation>
    </message>
    <message>
        <location filename="../../gui/pages/reports_page.py" line="87"/>
        <source>Everyone who may not buy again, the most valuable first, with the reasons and a suggested action for each. For whoever calls or writes to customers.</source>
        <translation>所有可能不再购买的客户，价值最高的排在前面，并附有每位客户的原因和建议措施。供负责致电或联系客户的人员使用。</translation>
    </message>
    <message>
        <location filename="../../gui/pages/reports_page.py" line="91"/>
        <source>Recommended products</source>
        <translation>推荐商品</translation>
    </message>
    <message>
        <location filename="../../gui/pages/reports_page.py" line="92"/>
        <source>For each customer, the products they are most likely to buy next, and why. For the newsletter or personal offers.</source>
        <translation>每位客户接下来最可能购买的商品及推荐理由。可用于电子报或个性化优惠。</translation>
    </message>
    <message>
        <location filename="../../gui/pages/reports_page.py" line="102"/>
        <source>&lt;b&gt;Excel&lt;/b&gt;: a summary sheet with the key figures and charts, and the whole list with filters.&lt;br&gt;&lt;b&gt;CSV&lt;/b&gt;: the whole list, for a mailing tool or another program.&lt;br&gt;&lt;b&gt;PDF&lt;/b&gt;: the summary, the charts, the top of the list and how it was worked out, ready to print.</source>
        <translation>&lt;b&gt;Excel&lt;/b&gt;：一张包含关键数据和图表的摘要表，以及可筛选的完整名单。&lt;br&gt;&lt;b&gt;CSV&lt;/b&gt;：完整名单，可用于邮件群发工具或其他程序。&lt;br&gt;&lt;b&gt;PDF&lt;/b&gt;：摘要、图表、名单前列以及计算方法，可直接打印。</translation>
    </message>
    <message>
        <location filename="../../gui/pages/reports_page.py" line="109"/>
        <source>Saved lately</source>
        <translation>最近保存</translation>
    </message>
    <message>
        <location filename="../../gui/pages/reports_page.py" line="115"/>
        <source>Reports you save appear here.</source>
        <translation>保存的报告会显示在这里。</translation>
    </message>
    <message>
        <location filename="../../gui/pages/reports_page.py" line="117"/>
        <source>Open</source>
        <translation>打开</translation>
    </message>
    <message>
        <location filename="../../gui/pages/reports_page.py" line="119"/>
        <source>Show in folder</source>
        <translation>在文件夹中显示</translation>
    </message>
    <message>
        <location filename="../../gui/pages/reports_page.py" line="137"/>
        <source>Looking at the shop&apos;s data…</source>
        <translation>正在查看店铺数据…</translation>
    </message>
    <message>
        <location filename="../../gui/pages/reports_page.py" line="152"/>
        <source>Import your sales first (File → Import…).</source>
        <translation>请先导入销售数据（文件 → 导入…）。</translation>
    </message>
    <message>
        <location filename="../../gui/pages/reports_page.py" line="157"/>
        <source>{count} customers are at risk (scored this session).</source>
        <translation>有 {count} 位客户有流失风险（本次运行中评估）。</translation>
    </message>
    <message>
        <location filename="../../gui/pages/reports_page.py" line="160"/>
        <source>Who is at risk is worked out when you save the report: a few seconds to a minute.</source>
        <translation>保存报告时会计算哪些客户有流失风险，需要几秒钟到一分钟。</translation>
    </message>
    <message>
        <location filename="../../gui/pages/reports_page.py" line="166"/>
        <source>No model trained yet: train one on the Models page, then save this report.</source>
        <translation>尚未训练模型：请先在“模型”页训练一个，再保存此报告。</translation>
    </message>
    <message>
        <location filename="../../gui/pages/reports_page.py" line="171"/>
        <source>From the model “{model}”, trained {when}.</source>
        <translation>来自“{model}”模型，训练于 {when}。</translation>
    </message>
    <message>
        <location filename="../../gui/pages/reports_page.py" line="179"/>
        <source>{name}    saved {when} in {folder}</source>
        <translation>{name}    {when} 保存于 {folder}</translation>
    </message>
</context>
<context>
    <name>Segments</name>
    <message>
        <location filename="../../gui/segment_words.py" line="16"/>
        <source>Champions</source>
        <translation>冠军客户</translation>
    </message>
    <message>
        <location filename="../../gui/segment_words.py" line="17"/>
        <source>Loyal</source>
        <translation>忠诚客户</translation>
    </message>
    <message>
        <location filename="../../gui/segment_words.py" line="18"/>
        <source>Potential Loyalist</source>
        <translation>潜在忠诚客户</translation>
    </message>
    <message>
        <location filename="../../gui/segment_words.py" line="19"/>
        <source>New</source>
        <translation>新客户</translation>
    </message>
    <message>
        <location filename="../../gui/segment_words.py" line="20"/>
        <source>Promising</source>
        <translation>有潜力客户</translation>
    </message>
    <message>
        <location filename="../../gui/segment_words.py" line="21"/>
        <source>Need Attention</source>
        <translation>需要关注</translation>
    </message>
    <message>
        <location filename="../../gui/segment_words.py" line="22"/>
        <source>About to Sleep</source>
        <translation>即将沉睡</translation>
    </message>
    <message>
        <location filename="../../gui/segment_words.py" line="23"/>
        <source>At Risk</source>
        <translation>有流失风险</translation>
    </message>
    <message>
        <location filename="../../gui/segment_words.py" line="24"/>
        <source>Can&apos;t Lose Them</source>
        <translation>不能失去</translation>
    </message>
    <message>
        <location filename="../../gui/segment_words.py" line="25"/>
        <source>Hibernating</source>
        <translation>休眠客户</translation>
    </message>
    <message>
        <location filename="../../gui/segment_words.py" line="26"/>
        <source>Lost</source>
        <translation>已流失</translation>
    </message>
    <message>
        <location filename="../../gui/segment_words.py" line="27"/>
        <source>No orders yet</source>
        <translation>尚未下单</translation>
    </message>
    <message>
        <location filename="../../gui/segment_words.py" line="34"/>
        <source>Bought recently, buy often and spend the most: your best customers.</source>
        <translation>最近买过、经常购买、消费最多：您最好的客户。</translation>
    </message>
    <message>
        <location filename="../../gui/segment_words.py" line="36"/>
        <source>Buy regularly and spend well, though not in the last few weeks.</source>
        <translation>经常购买、消费不错，只是最近几周没有买。</translation>
    </message>
    <message>
        <location filename="../../gui/segment_words.py" line="38"/>
        <source>Recent customers who have bought a few times: they could become regulars.</source>
        <translation>最近买过几次的客户：有望成为常客。</translation>
    </message>
    <message>
        <location filename="../../gui/segment_words.py" line="41"/>
        <source>Bought for the first time very recently.</source>
        <translation>最近刚刚首次购买。</translation>
    </message>
    <message>
        <location filename="../../gui/segment_words.py" line="42"/>
        <source>Bought recently, but only once or twice and not much yet.</source>
        <translation>最近买过，但只买过一两次，金额还不多。</translation>
    </message>
    <message>
        <location filename="../../gui/segment_words.py" line="44"/>
        <source>Average customers who have not bought for a while.</source>
        <translation>表现一般、已有一段时间没有购买的客户。</translation>
    </message>
    <message>
        <location filename="../../gui/segment_words.py" line="46"/>
        <source>Bought little, and some time ago: they are drifting away.</source>
        <translation>买得不多，而且已有一段时间没买：正在渐渐疏远。</translation>
    </message>
    <message>
        <location filename="../../gui/segment_words.py" line="48"/>
        <source>Used to buy fairly often, but not for a long time.</source>
        <translation>过去购买相当频繁，但已经很久没买了。</translation>
    </message>
    <message>
        <location filename="../../gui/segment_words.py" line="49"/>
        <source>Used to be among your best customers, but have not bought for a long time.</source>
        <translation>曾是您最好的客户之一，但已经很久没有购买。</translation>
    </message>
    <message>
        <location filename="../../gui/segment_words.py" line="52"/>
        <source>Bought little, long ago.</source>
        <translation>很久以前买过，买得不多。</translation>
    </message>
    <message>
        <location filename="../../gui/segment_words.py" line="53"/>
        <source>Bought once or twice, long ago, and not since.</source>
        <translation>很久以前买过一两次，之后再没买过。</translation>
    </message>
    <message>
        <location filename="../../gui/segment_words.py" line="54"/>
        <source>Known from browsing or a customer list, but has not ordered yet.</source>
        <translation>来自浏览记录或客户名单，但尚未下过单。</translation>
    </message>
    <message>
        <location filename="../../gui/segment_words.py" line="57"/>
        <source>A segment from your own rules.</source>
        <translation>按您自定义规则划分的分群。</translation>
    </message>
</context>
<context>
    <name>SettingsDialog</name>
    <message>
        <location filename="../../gui/settings_dialog.py" line="25"/>
        <source>Settings</source>
        <translation>设置</translation>
    </message>
    <message>
        <location filename="../../gui/settings_dialog.py" line="27"/>
        <location filename="../../gui/settings_dialog.py" line="30"/>
        <source>As the system</source>
        <translation>跟随系统</translation>
    </message>
    <message>
        <location filename="../../gui/settings_dialog.py" line="30"/>
        <source>Light</source>
        <translation>浅色</translation>
    </message>
    <message>
        <location filename="../../gui/settings_dialog.py" line="31"/>
        <source>Dark</source>
        <translation>深色</translation>
    </message>
    <message>
        <location filename="../../gui/settings_dialog.py" line="33"/>
        <source>Automatic: the GPU when there is one</source>
        <translation>自动：有 GPU 时使用 GPU</translation>
    </message>
    <message>
        <location filename="../../gui/settings_dialog.py" line="34"/>
        <source>CPU</source>
        <translation>CPU</translation>
    </message>
    <message>
        <location filename="../../gui/settings_dialog.py" line="34"/>
        <source>NVIDIA GPU (CUDA)</source>
        <translation>NVIDIA GPU（CUDA）</translation>
    </message>
    <message>
        <location filename="../../gui/settings_dialog.py" line="35"/>
        <source>Apple GPU (MPS)</source>
        <translation>Apple GPU（MPS）</translation>
    </message>
    <message>
        <location filename="../../gui/settings_dialog.py" line="36"/>
        <source>Training on a GPU is faster for the neural models; the results are the same.</source>
        <translation>用 GPU 训练神经网络模型更快；结果相同。</translation>
    </message>
    <message>
        <location filename="../../gui/settings_dialog.py" line="42"/>
        <source>Language:</source>
        <translation>语言：</translation>
    </message>
    <message>
        <location filename="../../gui/settings_dialog.py" line="43"/>
        <source>Colours:</source>
        <translation>配色：</translation>
    </message>
    <message>
        <location filename="../../gui/settings_dialog.py" line="44"/>
        <source>Train models on:</source>
        <translation>模型训练设备：</translation>
    </message>
</context>
<context>
    <name>Shop</name>
    <message>
        <location filename="../../gui/shop.py" line="104"/>
        <source>Cannot read the shop database</source>
        <translation>无法读取店铺数据库</translation>
    </message>
    <message>
        <location filename="../../gui/shop.py" line="126"/>
        <source>Please wait</source>
        <translation>请稍候</translation>
    </message>
    <message>
        <location filename="../../gui/shop.py" line="127"/>
        <source>Another job is still running: {job}

Wait for it to finish, or cancel it with the Cancel button at the bottom of the window.</source>
        <translation>另一个任务仍在运行：{job}

请等它完成，或用窗口底部的“取消”按钮取消它。</translation>
    </message>
    <message>
        <location filename="../../gui/shop.py" line="159"/>
        <source>{job} failed</source>
        <translation>{job} 失败</translation>
    </message>
    <message>
        <location filename="../../gui/shop.py" line="172"/>
        <source>Scoring churn risk…</source>
        <translation>正在评估流失风险…</translation>
    </message>
</context>
<context>
    <name>SingleInstance</name>
    <message>
        <location filename="../../gui/app.py" line="112"/>
        <source>ShopSense is already open</source>
        <translation>ShopSense 已经打开</translation>
    </message>
    <message>
        <location filename="../../gui/single_instance.py" line="106"/>
        <source>ShopSense is already open on this shop ({path}), but that window does not answer.

Switch to it and wait until it has finished what it is doing, or close it (if it is frozen, end it in your task manager), then start ShopSense again.</source>
        <translation>ShopSense 已经打开了这个店铺（{path}），但该窗口没有响应。

请切换到该窗口，等它完成正在进行的工作，或将其关闭（如果已卡死，请在任务管理器中结束它），然后重新启动 ShopSense。</translation>
    </message>
</context>
<context>
    <name>TrainingForm</name>
    <message>
        <location filename="../../gui/training_form.py" line="37"/>
        <source>Learns each customer&apos;s taste from what they bought and what they looked at. A good all-rounder that trains in about a minute.</source>
        <translation>根据每位客户买过和看过的商品学习其偏好。各方面表现均衡，训练约需一分钟。</translation>
    </message>
    <message>
        <location filename="../../gui/training_form.py" line="40"/>
        <source>A neural network that learns which products belong together from whole purchase histories. Often the most accurate; takes a few minutes.</source>
        <translation>一种神经网络，从完整的购买记录中学习哪些商品常搭配在一起。通常最准确；训练需要几分钟。</translation>
    </message>
    <message>
        <location filename="../../gui/training_form.py" line="44"/>
        <source>A neural network that reads each customer&apos;s baskets in order and predicts the next one. Suits shops with regular, repeat customers.</source>
        <translation>一种神经网络，按顺序读取每位客户的购物篮并预测下一个。适合有固定回头客的店铺。</translation>
    </message>
    <message>
        <location filename="../../gui/training_form.py" line="47"/>
        <source>A neural network that estimates how likely each customer is to buy each product soon, from their recent activity.</source>
        <translation>一种神经网络，根据客户近期的活动，估计每位客户近期购买每件商品的可能性。</translation>
    </message>
    <message>
        <location filename="../../gui/training_form.py" line="91"/>
        <source>Automatic: the GPU when there is one</source>
        <translation>自动：有 GPU 时使用 GPU</translation>
    </message>
    <message>
        <location filename="../../gui/training_form.py" line="92"/>
        <source>CPU</source>
        <translation>CPU</translation>
    </message>
    <message>
        <location filename="../../gui/training_form.py" line="92"/>
        <source>NVIDIA GPU (CUDA)</source>
        <translation>NVIDIA GPU（CUDA）</translation>
    </message>
    <message>
        <location filename="../../gui/training_form.py" line="93"/>
        <source>Apple GPU (MPS)</source>
        <translation>Apple GPU（MPS）</translation>
    </message>
    <message>
        <location filename="../../gui/training_form.py" line="100"/>
        <source>Advanced options</source>
        <translation>高级选项</translation>
    </message>
    <message>
        <location filename="../../gui/training_form.py" line="107"/>
        <source>How many passes over your data. More can fit better; training also stops by itself once the scores stop improving.</source>
        <translation>完整遍历数据的次数。次数越多可能拟合得越好；得分不再提高时，训练也会自动停止。</translation>
    </message>
    <message>
        <location filename="../../gui/training_form.py" line="112"/>
        <source>Slower, more thorough settings</source>
        <translation>更慢但更充分的设置</translation>
    </message>
    <message>
        <location filename="../../gui/training_form.py" line="50"/>
        <source>A simple rule: the shop&apos;s best-sellers for everyone. A yardstick: a model is worth using only if it does better than this.</source>
        <translation>简单规则：向所有人推荐本店的畅销商品。这是一把标尺：模型只有比它表现更好才值得使用。</translation>
    </message>
    <message>
        <location filename="../../gui/training_form.py" line="53"/>
        <source>A simple rule: what other customers bought together with each customer&apos;s purchases. Quick and hard to beat.</source>
        <translation>简单规则：推荐其他客户与该客户所购商品一起买过的商品。快速，而且很难被超越。</translation>
    </message>
    <message>
        <location filename="../../gui/training_form.py" line="56"/>
        <source>A simple rule: products whose names and descriptions resemble what the customer bought. Works for new products nobody has bought yet.</source>
        <translation>简单规则：推荐名称和描述与客户所购商品相似的商品。也适用于还没人买过的新商品。</translation>
    </message>
    <message>
        <location filename="../../gui/training_form.py" line="110"/>
        <source>How many hidden taste dimensions {model} learns per customer and product.</source>
        <translation>“{model}”为每位客户和每件商品学习的隐含偏好维度数。</translation>
    </message>
    <message>
        <location filename="../../gui/training_form.py" line="113"/>
        <source>Only for {model}: more dimensions and more epochs.</source>
        <translation>仅适用于“{model}”：更多维度、更多训练轮数。</translation>
    </message>
    <message>
        <location filename="../../gui/training_form.py" line="118"/>
        <source>Epochs:</source>
        <translation>训练轮数：</translation>
    </message>
    <message>
        <location filename="../../gui/training_form.py" line="119"/>
        <source>Taste dimensions:</source>
        <translation>偏好维度：</translation>
    </message>
    <message>
        <location filename="../../gui/training_form.py" line="123"/>
        <source>Train</source>
        <translation>训练</translation>
    </message>
    <message>
        <location filename="../../gui/training_form.py" line="126"/>
        <source>Cancel training</source>
        <translation>取消训练</translation>
    </message>
    <message>
        <location filename="../../gui/training_form.py" line="135"/>
        <source>Model:</source>
        <translation>模型：</translation>
    </message>
    <message>
        <location filename="../../gui/training_form.py" line="137"/>
        <source>Train on:</source>
        <translation>训练设备：</translation>
    </message>
    <message>
        <location filename="../../gui/training_form.py" line="157"/>
        <source>The model&apos;s choice</source>
        <translation>由模型决定</translation>
    </message>
    <message>
        <location filename="../../gui/training_form.py" line="182"/>
        <source>Wait for the job that is running to finish.</source>
        <translation>请等待正在运行的任务完成。</translation>
    </message>
    <message>
        <location filename="../../gui/training_form.py" line="198"/>
        <source>Still looking for a GPU…</source>
        <translation>仍在检测 GPU…</translation>
    </message>
    <message>
        <location filename="../../gui/training_form.py" line="199"/>
        <source>This computer has no such GPU, so models train on the CPU.</source>
        <translation>这台电脑没有这种 GPU，因此模型将在 CPU 上训练。</translation>
    </message>
</context>
<context>
    <name>WelcomePage</name>
    <message>
        <location filename="../../gui/pages/welcome_page.py" line="15"/>
        <source>Welcome to ShopSense</source>
        <translation>欢迎使用 ShopSense</translation>
    </message>
    <message>
        <location filename="../../gui/pages/welcome_page.py" line="18"/>
        <source>ShopSense learns what your customers want from the sales data you already have. Everything stays on this computer.</source>
        <translation>ShopSense 从您已有的销售数据中了解客户想要什么。所有数据都留在这台电脑上。</translation>
    </message>
    <message>
        <location filename="../../gui/pages/welcome_page.py" line="23"/>
        <source>Open the demo shop</source>
        <translation>打开演示店铺</translation>
    </message>
    <message>
        <location filename="../../gui/pages/welcome_page.py" line="24"/>
        <source>Look around first: a year of a real online gift shop, about 540,000 sales lines (UCI Online Retail, CC BY 4.0).</source>
        <translation>先四处看看：一家真实网上礼品店一年的数据，约 54 万条销售记录（UCI Online Retail，CC BY 4.0）。</translation>
    </message>
    <message>
        <location filename="../../gui/pages/welcome_page.py" line="28"/>
        <source>Import my data…</source>
        <translation>导入我的数据…</translation>
    </message>
    <message>
        <location filename="../../gui/pages/welcome_page.py" line="29"/>
        <source>Orders, browsing or catalogue exports: CSV, Excel or JSON from Shopify, WooCommerce or your till.</source>
        <translation>订单、浏览记录或商品目录导出：来自 Shopify、WooCommerce 或收银机的 CSV、Excel 或 JSON 文件。</translation>
    </message>
    <message>
        <location filename="../../gui/pages/welcome_page.py" line="32"/>
        <source>You can also drop files onto this window.</source>
        <translation>也可以把文件拖到这个窗口里。</translation>
    </message>
</context>
<context>
    <name>_ImportPage</name>
    <message>
        <location filename="../../gui/import_wizard.py" line="254"/>
        <source>Importing</source>
        <translation>正在导入</translation>
    </message>
    <message>
        <location filename="../../gui/import_wizard.py" line="259"/>
        <source>Cancel the import</source>
        <translation>取消导入</translation>
    </message>
    <message>
        <location filename="../../gui/import_wizard.py" line="268"/>
        <source>Starting…</source>
        <translation>正在开始…</translation>
    </message>
    <message>
        <location filename="../../gui/import_wizard.py" line="288"/>
        <source>Stopping at the next safe point…</source>
        <translation>将在下一个安全点停止…</translation>
    </message>
</context>
<context>
    <name>_MappingPage</name>
    <message>
        <location filename="../../gui/import_wizard.py" line="115"/>
        <source>Which column is which?</source>
        <translation>哪一列是什么？</translation>
    </message>
    <message>
        <location filename="../../gui/import_wizard.py" line="116"/>
        <source>ShopSense filled these in from the column names and the values. Change any that are wrong; leave out what the file does not have.</source>
        <translation>ShopSense 根据列名和数值填好了这些对应关系。请改正错误的项；文件中没有的就留空。</translation>
    </message>
    <message>
        <location filename="../../gui/import_wizard.py" line="134"/>
        <source>Dates such as 03/04/2024 could be either</source>
        <translation>像 03/04/2024 这样的日期有两种读法</translation>
    </message>
    <message>
        <location filename="../../gui/import_wizard.py" line="135"/>
        <source>Day first (3 April)</source>
        <translation>日在前（4 月 3 日）</translation>
    </message>
    <message>
        <location filename="../../gui/import_wizard.py" line="136"/>
        <source>Month first (March 4)</source>
        <translation>月在前（3 月 4 日）</translation>
    </message>
    <message>
        <location filename="../../gui/import_wizard.py" line="137"/>
        <source>Numbers such as 1,250 could be either</source>
        <translation>像 1,250 这样的数字有两种读法</translation>
    </message>
    <message>
        <location filename="../../gui/import_wizard.py" line="138"/>
        <source>1,250 is one thousand two hundred and fifty</source>
        <translation>1,250 表示一千二百五十</translation>
    </message>
    <message>
        <location filename="../../gui/import_wizard.py" line="139"/>
        <source>1,250 is one and a quarter</source>
        <translation>1,250 表示一又四分之一（1.25）</translation>
    </message>
    <message>
        <location filename="../../gui/import_wizard.py" line="160"/>
        <source>Order or invoice number:</source>
        <translation>订单号或发票号：</translation>
    </message>
    <message>
        <location filename="../../gui/import_wizard.py" line="161"/>
        <source>Customer id (or e-mail when that is all there is):</source>
        <translation>客户编号（若只有电子邮件，则用电子邮件）：</translation>
    </message>
    <message>
        <location filename="../../gui/import_wizard.py" line="162"/>
        <source>Customer e-mail:</source>
        <translation>客户电子邮件：</translation>
    </message>
    <message>
        <location filename="../../gui/import_wizard.py" line="163"/>
        <source>Customer name:</source>
        <translation>客户姓名：</translation>
    </message>
    <message>
        <location filename="../../gui/import_wizard.py" line="164"/>
        <source>Country:</source>
        <translation>国家/地区：</translation>
    </message>
    <message>
        <location filename="../../gui/import_wizard.py" line="165"/>
        <source>Sales channel or store:</source>
        <translation>销售渠道或门店：</translation>
    </message>
    <message>
        <location filename="../../gui/import_wizard.py" line="166"/>
        <source>Order status (completed, cancelled, refunded):</source>
        <translation>订单状态（已完成、已取消、已退款）：</translation>
    </message>
    <message>
        <location filename="../../gui/import_wizard.py" line="167"/>
        <source>Date and time of the order or event:</source>
        <translation>订单或事件的日期和时间：</translation>
    </message>
    <message>
        <location filename="../../gui/import_wizard.py" line="168"/>
        <source>Product code (SKU):</source>
        <translation>商品编码（SKU）：</translation>
    </message>
    <message>
        <location filename="../../gui/import_wizard.py" line="169"/>
        <source>Product name:</source>
        <translation>商品名称：</translation>
    </message>
    <message>
        <location filename="../../gui/import_wizard.py" line="170"/>
        <source>Product description:</source>
        <translation>商品描述：</translation>
    </message>
    <message>
        <location filename="../../gui/import_wizard.py" line="171"/>
        <source>Product category:</source>
        <translation>商品类别：</translation>
    </message>
    <message>
        <location filename="../../gui/import_wizard.py" line="172"/>
        <source>Brand or vendor:</source>
        <translation>品牌或供应商：</translation>
    </message>
    <message>
        <location filename="../../gui/import_wizard.py" line="173"/>
        <source>Quantity (negative for returns):</source>
        <translation>数量（退货为负数）：</translation>
    </message>
    <message>
        <location filename="../../gui/import_wizard.py" line="174"/>
        <source>Unit price:</source>
        <translation>单价：</translation>
    </message>
    <message>
        <location filename="../../gui/import_wizard.py" line="175"/>
        <source>Line amount (quantity × price):</source>
        <translation>行金额（数量 × 单价）：</translation>
    </message>
    <message>
        <location filename="../../gui/import_wizard.py" line="176"/>
        <source>Event type (view, cart, purchase, rating…):</source>
        <translation>事件类型（浏览、加购、购买、评分…）：</translation>
    </message>
    <message>
        <location filename="../../gui/import_wizard.py" line="177"/>
        <source>Rating or event value:</source>
        <translation>评分或事件值：</translation>
    </message>
    <message>
        <location filename="../../gui/import_wizard.py" line="178"/>
        <source>Browsing session:</source>
        <translation>浏览会话：</translation>
    </message>
    <message>
        <location filename="../../gui/import_wizard.py" line="179"/>
        <source>Anonymous visitor id:</source>
        <translation>匿名访客编号：</translation>
    </message>
    <message>
        <location filename="../../gui/import_wizard.py" line="180"/>
        <source>Review or comment text:</source>
        <translation>评价或留言内容：</translation>
    </message>
    <message>
        <location filename="../../gui/import_wizard.py" line="181"/>
        <source>Customer age:</source>
        <translation>客户年龄：</translation>
    </message>
    <message>
        <location filename="../../gui/import_wizard.py" line="182"/>
        <source>Customer gender:</source>
        <translation>客户性别：</translation>
    </message>
    <message>
        <location filename="../../gui/import_wizard.py" line="183"/>
        <source>Customer occupation:</source>
        <translation>客户职业：</translation>
    </message>
    <message>
        <location filename="../../gui/import_wizard.py" line="184"/>
        <source>Customer postcode:</source>
        <translation>客户邮编：</translation>
    </message>
    <message>
        <location filename="../../gui/import_wizard.py" line="191"/>
        <source>(not in this file)</source>
        <translation>（此文件中没有）</translation>
    </message>
    <message>
        <location filename="../../gui/import_wizard.py" line="202"/>
        <source>Ready to import as {what}.</source>
        <translation>可以按“{what}”导入。</translation>
    </message>
</context>
<context>
    <name>_PreviewPage</name>
    <message>
        <location filename="../../gui/import_wizard.py" line="56"/>
        <source>Look at the file</source>
        <translation>查看文件</translation>
    </message>
    <message>
        <location filename="../../gui/import_wizard.py" line="57"/>
        <source>Reading {file}…</source>
        <translation>正在读取 {file}…</translation>
    </message>
    <message>
        <location filename="../../gui/import_wizard.py" line="64"/>
        <source>Sheet:</source>
        <translation>工作表：</translation>
    </message>
    <message>
        <location filename="../../gui/import_wizard.py" line="77"/>
        <source>sales (orders and their lines)</source>
        <translation>销售数据（订单及订单行）</translation>
    </message>
    <message>
        <location filename="../../gui/import_wizard.py" line="78"/>
        <source>browsing or rating events</source>
        <translation>浏览或评分事件</translation>
    </message>
    <message>
        <location filename="../../gui/import_wizard.py" line="79"/>
        <source>a product catalogue</source>
        <translation>商品目录</translation>
    </message>
    <message>
        <location filename="../../gui/import_wizard.py" line="80"/>
        <source>a customer list</source>
        <translation>客户名单</translation>
    </message>
    <message>
        <location filename="../../gui/import_wizard.py" line="82"/>
        <source>{rows} rows. ShopSense recognised this as {preset}, holding {what}. Next, check which column is which.</source>
        <translation>共 {rows} 行。ShopSense 识别出这是 {preset}，包含{what}。下一步，请核对哪一列是什么。</translation>
    </message>
    <message>
        <location filename="../../gui/import_wizard.py" line="87"/>
        <source>{rows} rows. ShopSense could not tell what this file holds; on the next page, say which column is which.</source>
        <translation>共 {rows} 行。ShopSense 无法判断此文件包含什么；请在下一页指明哪一列是什么。</translation>
    </message>
</context>
<context>
    <name>_ReportCard</name>
    <message>
        <location filename="../../gui/pages/reports_page.py" line="56"/>
        <source>Excel…</source>
        <translation>Excel…</translation>
    </message>
    <message>
        <location filename="../../gui/pages/reports_page.py" line="56"/>
        <source>CSV…</source>
        <translation>CSV…</translation>
    </message>
    <message>
        <location filename="../../gui/pages/reports_page.py" line="56"/>
        <source>PDF…</source>
        <translation>PDF…</translation>
    </message>
</context>
<context>
    <name>_SummaryPage</name>
    <message>
        <location filename="../../gui/import_wizard.py" line="296"/>
        <source>Done</source>
        <translation>完成</translation>
    </message>
    <message>
        <location filename="../../gui/import_wizard.py" line="300"/>
        <source>View and save the rejected rows…</source>
        <translation>查看并保存被拒收的行…</translation>
    </message>
    <message>
        <location filename="../../gui/import_wizard.py" line="302"/>
        <source>Change the mapping and try again</source>
        <translation>修改列对应关系后重试</translation>
    </message>
    <message>
        <location filename="../../gui/import_wizard.py" line="312"/>
        <source>Imported</source>
        <translation>已导入</translation>
    </message>
    <message>
        <location filename="../../gui/import_wizard.py" line="312"/>
        <source>Not imported</source>
        <translation>未导入</translation>
    </message>
    <message>
        <location filename="../../gui/import_wizard.py" line="313"/>
        <source>Cancelled</source>
        <translation>已取消</translation>
    </message>
</context>
</TS>
