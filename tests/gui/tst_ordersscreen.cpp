#include "ui/common/moneyformat.h"
#include "guitestenvironment.h"
#include "ui/manager/managerwindow.h"
#include "ui/manager/orderdetailview.h"
#include "ui/manager/orderdialogs.h"
#include "orderfixtures.h"
#include "ui/manager/ordersview.h"
#include "ui/manager/ordertablemodel.h"

#include <QApplication>
#include <QComboBox>
#include <QLabel>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QTableView>
#include <QTableWidget>
#include <QtTest>

#include <functional>

using namespace shop;
using testsupport::FixtureOrder;
using testsupport::OrderFixtures;

namespace {

const Principal kManager{QStringLiteral("maria"), {QStringLiteral("MANAGER")}};

// Runs with the modal dialog a click opens (exec() blocks the click), then
// makes sure it closes so a failing check cannot hang the test.
template<typename Dialog>
void whenDialogOpens(const std::function<void(Dialog &)> &handle)
{
    QTimer::singleShot(0, qApp, [handle] {
        auto *dialog = qobject_cast<Dialog *>(QApplication::activeModalWidget());
        if (!dialog)
            return;
        handle(*dialog);
        QTimer::singleShot(10000, dialog, &QDialog::reject);
    });
}

template<typename T>
T *child(QWidget &parent, const char *name)
{
    return parent.findChild<T *>(QString::fromLatin1(name));
}

QString statusAt(OrderTableModel *model, int row)
{
    return model->index(row, OrderTableModel::StatusColumn).data().toString();
}

QString storedStatus(GuiTestEnvironment &environment, const QString &orderNumber)
{
    const Result<Order> order = environment.orders().getByNumber(orderNumber);
    return order ? statusName(order->status) : order.error().detail;
}

// Selects the order's row and waits until its details (with history) arrived.
bool select(OrdersView &view, const QString &orderNumber)
{
    const int row = view.orderModel()->rowOf(orderNumber);
    if (row < 0)
        return false;
    view.orderTable()->selectRow(row);
    return QTest::qWaitFor([&] {
        return view.selectedOrder() && view.selectedOrder()->orderNumber == orderNumber
            && !view.selectedOrder()->history.isEmpty();
    }, 10000);
}

} // namespace

// The orders screen driven like a manager would: the list, its filters, and
// cancel and fulfill only where the contract allows them.
class OrdersScreenTest : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase() { QStandardPaths::setTestModeEnabled(true); }

    void theListShowsOrdersNewestFirstAndFilters()
    {
        GuiTestEnvironment environment;
        QVERIFY2(environment.error().isEmpty(), qPrintable(environment.error()));
        OrderFixtures fixtures(environment.database());
        const QDateTime now = QDateTime::currentDateTimeUtc();
        const FixtureOrder paid = fixtures.addOrder(QStringLiteral("PAID"), now.addSecs(-300));
        const FixtureOrder fulfilled = fixtures.addOrder(QStringLiteral("FULFILLED"), now.addSecs(-200));
        const FixtureOrder failed = fixtures.addOrder(QStringLiteral("FAILED"), now.addSecs(-100),
                                                      QStringLiteral("grace@example.com"));
        const FixtureOrder pending = fixtures.addOrder(QStringLiteral("PENDING"), now);
        QVERIFY2(!pending.orderNumber.isEmpty(), qPrintable(fixtures.lastError()));

        ManagerWindow window(QString(), environment.managerServices(), kManager);
        window.showScreen(window.ordersView());
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        OrderTableModel *model = window.ordersView()->orderModel();
        QTRY_COMPARE_WITH_TIMEOUT(model->rowCount(), 4, 10000);
        QCOMPARE(model->index(0, OrderTableModel::NumberColumn).data().toString(), pending.orderNumber);
        QCOMPARE(model->index(3, OrderTableModel::NumberColumn).data().toString(), paid.orderNumber);
        QCOMPARE(model->index(3, OrderTableModel::TotalColumn).data().toString(), formatMoney(Money::fromCents(4548)));
        QCOMPARE(model->index(3, OrderTableModel::CustomerColumn).data().toString(), QStringLiteral("Ada Lovelace"));
        QCOMPARE(model->index(3, OrderTableModel::PaymentColumn).data().toString(), QStringLiteral("SUCCESS"));

        auto *statusFilter = child<QComboBox>(window, "orderStatusFilter");
        statusFilter->setCurrentIndex(statusFilter->findText(QStringLiteral("FULFILLED")));
        QTRY_COMPARE_WITH_TIMEOUT(model->rowCount(), 1, 10000);
        QTRY_COMPARE(model->index(0, OrderTableModel::NumberColumn).data().toString(), fulfilled.orderNumber);

        statusFilter->setCurrentIndex(0); // all statuses
        QTRY_COMPARE_WITH_TIMEOUT(model->rowCount(), 4, 10000);
        auto *search = child<QLineEdit>(window, "orderSearch");
        QTest::keyClicks(search, QStringLiteral("GRACE@example.com"));
        QTRY_COMPARE_WITH_TIMEOUT(model->rowCount(), 1, 10000);
        QCOMPARE(model->index(0, OrderTableModel::NumberColumn).data().toString(), failed.orderNumber);

        search->setText(paid.orderNumber); // an order number is looked up exactly
        QTRY_COMPARE_WITH_TIMEOUT(model->index(0, OrderTableModel::NumberColumn).data().toString(), paid.orderNumber,
                                  10000);
        QTRY_COMPARE(model->rowCount(), 1);
    }

    void onlyAllowedActionsAreEnabled()
    {
        GuiTestEnvironment environment;
        QVERIFY2(environment.error().isEmpty(), qPrintable(environment.error()));
        OrderFixtures fixtures(environment.database());
        const QDateTime now = QDateTime::currentDateTimeUtc();
        const FixtureOrder paid = fixtures.addOrder(QStringLiteral("PAID"), now.addSecs(-30));
        const FixtureOrder fulfilled = fixtures.addOrder(QStringLiteral("FULFILLED"), now.addSecs(-20));
        const FixtureOrder failed = fixtures.addOrder(QStringLiteral("FAILED"), now.addSecs(-10));
        const FixtureOrder pending = fixtures.addOrder(QStringLiteral("PENDING"), now);
        QVERIFY2(!pending.orderNumber.isEmpty(), qPrintable(fixtures.lastError()));

        ManagerWindow window(QString(), environment.managerServices(), kManager);
        window.showScreen(window.ordersView());
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        OrdersView &view = *window.ordersView();
        QTRY_COMPARE_WITH_TIMEOUT(view.orderModel()->rowCount(), 4, 10000);
        auto *cancel = child<QPushButton>(window, "cancelOrder");
        auto *fulfill = child<QPushButton>(window, "fulfillOrder");

        QVERIFY(select(view, paid.orderNumber));
        QVERIFY(cancel->isEnabled());
        QVERIFY(fulfill->isEnabled());
        QVERIFY(select(view, pending.orderNumber));
        QVERIFY(cancel->isEnabled());
        QVERIFY(!fulfill->isEnabled());
        QVERIFY(select(view, fulfilled.orderNumber));
        QVERIFY(!cancel->isEnabled());
        QVERIFY(!fulfill->isEnabled());
        QVERIFY(select(view, failed.orderNumber));
        QVERIFY(!cancel->isEnabled());
        QVERIFY(!fulfill->isEnabled());

        // a clerk without the MANAGER role only looks
        ManagerWindow readOnly(QString(), environment.managerServices(),
                               Principal{QStringLiteral("carl"), {QStringLiteral("CASHIER")}});
        readOnly.showScreen(readOnly.ordersView());
        readOnly.show();
        QTRY_COMPARE_WITH_TIMEOUT(readOnly.ordersView()->orderModel()->rowCount(), 4, 10000);
        QVERIFY(select(*readOnly.ordersView(), paid.orderNumber));
        QVERIFY(!child<QPushButton>(readOnly, "cancelOrder")->isEnabled());
        QVERIFY(!child<QPushButton>(readOnly, "fulfillOrder")->isEnabled());
    }

    void aBlankReasonIsShownNextToItsFieldAndChangesNothing()
    {
        GuiTestEnvironment environment;
        QVERIFY2(environment.error().isEmpty(), qPrintable(environment.error()));
        OrderFixtures fixtures(environment.database());
        const FixtureOrder paid = fixtures.addOrder(QStringLiteral("PAID"), QDateTime::currentDateTimeUtc());
        QVERIFY2(!paid.orderNumber.isEmpty(), qPrintable(fixtures.lastError()));

        ManagerWindow window(QString(), environment.managerServices(), kManager);
        window.showScreen(window.ordersView());
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        QTRY_COMPARE_WITH_TIMEOUT(window.ordersView()->orderModel()->rowCount(), 1, 10000);
        QVERIFY(select(*window.ordersView(), paid.orderNumber));

        QString reasonError;
        bool isStillOpen = false;
        whenDialogOpens<CancelOrderDialog>([&](CancelOrderDialog &dialog) {
            QTest::keyClicks(child<QPlainTextEdit>(dialog, "reason"), QStringLiteral("   "));
            QTest::mouseClick(child<QPushButton>(dialog, "confirm"), Qt::LeftButton);
            auto *error = child<QLabel>(dialog, "reasonError");
            reasonError = error->isVisible() ? error->text() : QString();
            isStillOpen = dialog.isVisible();
            GuiTestEnvironment::saveScreenshot(dialog, QStringLiteral("cancel-dialog-error"));
            dialog.reject();
        });
        QTest::mouseClick(child<QPushButton>(window, "cancelOrder"), Qt::LeftButton);

        QCOMPARE(reasonError, QStringLiteral("must not be blank")); // orders::validateCancellation's message
        QVERIFY(isStillOpen);
        QCOMPARE(storedStatus(environment, paid.orderNumber), QStringLiteral("PAID"));
        QCOMPARE(statusAt(window.ordersView()->orderModel(), 0), QStringLiteral("PAID"));
    }

    void cancellingWithAReasonShowsCancelled()
    {
        GuiTestEnvironment environment;
        QVERIFY2(environment.error().isEmpty(), qPrintable(environment.error()));
        OrderFixtures fixtures(environment.database());
        const FixtureOrder paid = fixtures.addOrder(QStringLiteral("PAID"), QDateTime::currentDateTimeUtc());
        QVERIFY2(!paid.orderNumber.isEmpty(), qPrintable(fixtures.lastError()));

        ManagerWindow window(QString(), environment.managerServices(), kManager);
        window.showScreen(window.ordersView());
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        OrdersView &view = *window.ordersView();
        QTRY_COMPARE_WITH_TIMEOUT(view.orderModel()->rowCount(), 1, 10000);
        QVERIFY(select(view, paid.orderNumber));

        whenDialogOpens<CancelOrderDialog>([](CancelOrderDialog &dialog) {
            QTest::keyClicks(child<QPlainTextEdit>(dialog, "reason"), QStringLiteral("Customer changed their mind"));
            QTest::mouseClick(child<QPushButton>(dialog, "confirm"), Qt::LeftButton);
        });
        QTest::mouseClick(child<QPushButton>(window, "cancelOrder"), Qt::LeftButton);

        QTRY_COMPARE_WITH_TIMEOUT(statusAt(view.orderModel(), 0), QStringLiteral("CANCELLED"), 10000);
        QTRY_COMPARE(child<QLabel>(window, "orderStatus")->text(), QStringLiteral("CANCELLED"));
        QCOMPARE(storedStatus(environment, paid.orderNumber), QStringLiteral("CANCELLED"));
        auto *history = child<QTableWidget>(window, "orderHistory");
        QCOMPARE(history->rowCount(), 2);
        QCOMPARE(history->item(1, 2)->text(), QStringLiteral("CANCELLED"));
        QCOMPARE(history->item(1, 3)->text(), QStringLiteral("maria"));
        QCOMPARE(history->item(1, 4)->text(), QStringLiteral("Customer changed their mind"));
        // The paid order's money is asked back; the daemon pays it (tests/e2e/refunds.sh).
        const QString refundLine = QStringLiteral("Refund of %1 requested").arg(formatMoney(Money::fromCents(paid.subtotalCents)));
        QVERIFY2(child<QLabel>(window, "orderOutcome")->text().contains(refundLine),
                 qPrintable(child<QLabel>(window, "orderOutcome")->text()));
        QVERIFY(!child<QPushButton>(window, "cancelOrder")->isEnabled());
        QVERIFY(!child<QPushButton>(window, "fulfillOrder")->isEnabled());
    }

    void aFailedRefundCanBeRetriedOnce()
    {
        GuiTestEnvironment environment;
        QVERIFY2(environment.error().isEmpty(), qPrintable(environment.error()));
        OrderFixtures fixtures(environment.database());
        const FixtureOrder paid = fixtures.addOrder(QStringLiteral("PAID"), QDateTime::currentDateTimeUtc());
        QVERIFY2(!paid.orderNumber.isEmpty(), qPrintable(fixtures.lastError()));
        QVERIFY(environment.orders().cancel(paid.orderNumber, QStringLiteral("damaged"), QStringLiteral("maria"), {}));
        // What the daemon records when the gateway declines (tests/e2e/refunds.sh does it for real).
        QVERIFY(fixtures.scalar(QStringLiteral("UPDATE orders.refunds SET status = 'FAILED', failure_outcome = 'DECLINED',"
                                               " failure_reason = 'refund declined' RETURNING id"))
                    .isValid());

        ManagerWindow window(QString(), environment.managerServices(), kManager);
        window.showScreen(window.ordersView());
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        OrdersView &view = *window.ordersView();
        QTRY_COMPARE_WITH_TIMEOUT(view.orderModel()->rowCount(), 1, 10000);
        QVERIFY(select(view, paid.orderNumber));
        auto *retry = child<QPushButton>(window, "retryRefund");
        QTRY_VERIFY(retry->isEnabled());
        QVERIFY(child<QLabel>(window, "orderOutcome")->text().contains(QStringLiteral("FAILED (refund declined)")));

        QTest::mouseClick(retry, Qt::LeftButton);

        QTRY_VERIFY_WITH_TIMEOUT(child<QLabel>(window, "orderOutcome")->text().contains(QStringLiteral("requested")), 10000);
        QVERIFY(!retry->isVisible());
        QCOMPARE(fixtures.scalar(QStringLiteral("SELECT status || '/' || key_generation FROM orders.refunds")).toString(),
                 QStringLiteral("REQUESTED/1"));
        QCOMPARE(fixtures.count(QStringLiteral("orders.outbox WHERE event_type = 'REFUND_REQUESTED'")), 2);
    }

    void fulfillingAPaidOrderRecordsTheShipment()
    {
        GuiTestEnvironment environment;
        QVERIFY2(environment.error().isEmpty(), qPrintable(environment.error()));
        OrderFixtures fixtures(environment.database());
        const QDateTime now = QDateTime::currentDateTimeUtc();
        fixtures.addOrder(QStringLiteral("FULFILLED"), now.addSecs(-3000), QStringLiteral("grace@example.com"));
        fixtures.addOrder(QStringLiteral("FAILED"), now.addSecs(-2000), QStringLiteral("alan@example.com"));
        fixtures.addOrder(QStringLiteral("PENDING"), now.addSecs(-60), QStringLiteral("linus@example.com"));
        const FixtureOrder paid = fixtures.addOrder(QStringLiteral("PAID"), now.addSecs(-1000));
        QVERIFY2(!paid.orderNumber.isEmpty(), qPrintable(fixtures.lastError()));

        ManagerWindow window(QString(), environment.managerServices(), kManager);
        window.resize(1280, 760);
        window.showScreen(window.ordersView());
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        OrdersView &view = *window.ordersView();
        QTRY_COMPARE_WITH_TIMEOUT(view.orderModel()->rowCount(), 4, 10000);
        QVERIFY(select(view, paid.orderNumber));

        whenDialogOpens<FulfillOrderDialog>([](FulfillOrderDialog &dialog) {
            QTest::keyClicks(child<QLineEdit>(dialog, "trackingNumber"), QStringLiteral("1Z999AA10123456784"));
            QTest::keyClicks(child<QLineEdit>(dialog, "carrier"), QStringLiteral("UPS"));
            QTest::keyClicks(child<QPlainTextEdit>(dialog, "notes"), QStringLiteral("Left with the neighbour"));
            GuiTestEnvironment::saveScreenshot(dialog, QStringLiteral("fulfill-dialog"));
            QTest::mouseClick(child<QPushButton>(dialog, "confirm"), Qt::LeftButton);
        });
        QTest::mouseClick(child<QPushButton>(window, "fulfillOrder"), Qt::LeftButton);

        const int row = view.orderModel()->rowOf(paid.orderNumber);
        QTRY_COMPARE_WITH_TIMEOUT(statusAt(view.orderModel(), row), QStringLiteral("FULFILLED"), 10000);
        QTRY_COMPARE(child<QLabel>(window, "orderStatus")->text(), QStringLiteral("FULFILLED"));
        const Result<Order> stored = environment.orders().getByNumber(paid.orderNumber);
        QVERIFY(stored);
        QCOMPARE(statusName(stored->status), QStringLiteral("FULFILLED"));
        QCOMPARE(stored->trackingNumber.value_or(QString()), QStringLiteral("1Z999AA10123456784"));
        QCOMPARE(stored->carrier.value_or(QString()), QStringLiteral("UPS"));
        QVERIFY(child<QLabel>(window, "orderOutcome")->text().contains(QStringLiteral("UPS")));
        QVERIFY(!child<QPushButton>(window, "fulfillOrder")->isEnabled());
        QVERIFY(!child<QPushButton>(window, "cancelOrder")->isEnabled());
        QVERIFY(GuiTestEnvironment::saveScreenshot(window, QStringLiteral("orders")));
    }

    void changesElsewhereAppearWithoutARefresh()
    {
        GuiTestEnvironment environment;
        QVERIFY2(environment.error().isEmpty(), qPrintable(environment.error()));
        OrderFixtures fixtures(environment.database());
        const FixtureOrder paid = fixtures.addOrder(QStringLiteral("PAID"), QDateTime::currentDateTimeUtc());
        QVERIFY2(!paid.orderNumber.isEmpty(), qPrintable(fixtures.lastError()));

        ManagerWindow window(QString(), environment.managerServices(), kManager);
        window.ordersView()->setRefreshInterval(200);
        window.showScreen(window.ordersView());
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        OrdersView &view = *window.ordersView();
        QTRY_COMPARE_WITH_TIMEOUT(view.orderModel()->rowCount(), 1, 10000);
        QVERIFY(select(view, paid.orderNumber));

        // another manager fulfills it, and a new order arrives
        QVERIFY(environment.orders().fulfill(paid.orderNumber, {}, QStringLiteral("anna"), {}));
        const FixtureOrder newer = fixtures.addOrder(QStringLiteral("PENDING"), QDateTime::currentDateTimeUtc().addSecs(5));
        QVERIFY2(!newer.orderNumber.isEmpty(), qPrintable(fixtures.lastError()));

        QTRY_COMPARE_WITH_TIMEOUT(view.orderModel()->rowCount(), 2, 10000);
        QTRY_COMPARE_WITH_TIMEOUT(child<QLabel>(window, "orderStatus")->text(), QStringLiteral("FULFILLED"), 10000);
        QCOMPARE(statusAt(view.orderModel(), view.orderModel()->rowOf(paid.orderNumber)), QStringLiteral("FULFILLED"));
        // the selection stayed on the order the manager was looking at
        const QModelIndexList selected = view.orderTable()->selectionModel()->selectedRows();
        QCOMPARE(selected.size(), 1);
        QCOMPARE(selected.first().data(Qt::UserRole).toString(), paid.orderNumber);
        QVERIFY(!child<QPushButton>(window, "fulfillOrder")->isEnabled());
    }
};

QTEST_MAIN(OrdersScreenTest)
#include "tst_ordersscreen.moc"
