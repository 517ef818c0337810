#include "catalog/democataloggenerator.h"
#include "guitestenvironment.h"
#include "orders/demoordergenerator.h"
#include "ui/manager/catalogview.h"
#include "ui/manager/managerwindow.h"
#include "ui/manager/ordersview.h"
#include "ui/manager/ordertablemodel.h"
#include "ui/manager/producttablemodel.h"

#include <QComboBox>
#include <QElapsedTimer>
#include <QListWidget>
#include <QSignalSpy>
#include <QTableView>
#include <QtTest>

#include <functional>

using namespace shop;

namespace {

constexpr int kProducts = 100000;
constexpr int kOrders = 200000;
// The GUI thread may be busy for a moment (rows arriving, a 100,000-row
// model reset), but never for as long as a query over the whole table.
constexpr qint64 kLongestGapMs = 250;
constexpr int kTimeoutMs = 120000;

// The longest pause of the event loop while it runs, from a 10 ms timer.
class EventLoopWatch : public QObject
{
public:
    EventLoopWatch()
    {
        m_tick.setInterval(10);
        connect(&m_tick, &QTimer::timeout, this, [this] { m_longestMs = std::max(m_longestMs, m_since.restart()); });
        m_since.start();
        m_tick.start();
    }
    qint64 longestGapMs() const { return m_longestMs; }

private:
    QTimer m_tick;
    QElapsedTimer m_since;
    qint64 m_longestMs = 0;
};

} // namespace

// The manager window at 100,000 products and 200,000 orders: first rows,
// scrolling to the end, search, every sort and filter. None of it may stall
// the GUI thread for more than kLongestGapMs; the time each takes to show
// its first rows is printed (docs/performance.md), not asserted.
class ManagerScaleTest : public QObject
{
    Q_OBJECT

private:
    std::unique_ptr<GuiTestEnvironment> m_environment;
    std::unique_ptr<ManagerWindow> m_window;
    std::unique_ptr<EventLoopWatch> m_watch;

    // Runs change, then waits for the model's first page; prints and answers the time.
    template<typename Model>
    qint64 timeToFirstRows(const char *what, Model *model, const std::function<void()> &change)
    {
        QElapsedTimer clock;
        clock.start();
        change();
        const bool done = QTest::qWaitFor([&] { return !model->isLoading(); }, kTimeoutMs);
        const qint64 ms = clock.elapsed();
        qInfo("%-44s first rows in %5lld ms (%d rows of %lld)%s", what, static_cast<long long>(ms), model->rowCount(),
              static_cast<long long>(model->totalCount()), done ? "" : " TIMED OUT");
        return done ? ms : -1;
    }

    // Scrolls to the bottom until the last row is there: the view asks for
    // the next page each time it reaches the end.
    template<typename Model>
    void scrollToEnd(const char *what, Model *model, QTableView *table)
    {
        QSignalSpy pages(model, &PagedTableModelBase::pageLoaded);
        QElapsedTimer clock;
        clock.start();
        while (model->rowCount() < model->totalCount() && clock.elapsed() < kTimeoutMs) {
            table->scrollToBottom();
            if (model->canFetchMore({}))
                model->fetchMore({});
            QVERIFY(QTest::qWaitFor([&] { return !model->isLoading(); }, kTimeoutMs));
        }
        qInfo("%-44s %lld pages, %d rows in %lld ms", what, static_cast<long long>(pages.count()), model->rowCount(),
              static_cast<long long>(clock.elapsed()));
        QCOMPARE(model->rowCount(), model->totalCount());
    }

private Q_SLOTS:
    void initTestCase()
    {
        QStandardPaths::setTestModeEnabled(true);
        m_environment = std::make_unique<GuiTestEnvironment>();
        QVERIFY2(m_environment->error().isEmpty(), qPrintable(m_environment->error()));
        QElapsedTimer clock;
        clock.start();
        const DbResult<qint64> products =
            DemoCatalogGenerator(m_environment->database()).generate(kProducts, QStringLiteral("GUI"));
        QVERIFY2(products, qPrintable(products ? QString() : products.error().text()));
        const DbResult<qint64> orders =
            DemoOrderGenerator(m_environment->database()).generate(kOrders, QStringLiteral("GUI"));
        QVERIFY2(orders, qPrintable(orders ? QString() : orders.error().text()));
        qInfo("generated %d products and %d orders in %lld ms", kProducts, kOrders,
              static_cast<long long>(clock.elapsed()));
        m_watch = std::make_unique<EventLoopWatch>();
    }

    void cleanupTestCase()
    {
        m_window.reset();
        m_watch.reset();
        m_environment.reset();
    }

    void catalogAtScale()
    {
        m_window = std::make_unique<ManagerWindow>(QString(), m_environment->managerServices(),
                                                   Principal{QStringLiteral("maria"), {QStringLiteral("MANAGER")}});
        CatalogView *view = m_window->catalogView();
        ProductTableModel *model = view->productModel();
        QTableView *table = view->productTable();
        QVERIFY(timeToFirstRows("catalog: window opens", model, [&] {
                    m_window->show();
                    QVERIFY(QTest::qWaitForWindowExposed(m_window.get()));
                }) >= 0);
        QTRY_VERIFY_WITH_TIMEOUT(model->rowCount() > 0, kTimeoutMs);
        const qint64 active = model->totalCount();
        QVERIFY(active > kProducts * 9 / 10 && active < kProducts);

        scrollToEnd("catalog: scroll to the end (SKU order)", model, table);
        // keyset pages: every active product once, in SKU order
        for (int row = 1; row < model->rowCount(); ++row)
            QVERIFY2(model->productAt(row - 1)->sku < model->productAt(row)->sku, qPrintable(QString::number(row)));

        for (int column = 0; column < ProductTableModel::ColumnCount; ++column) {
            for (const Qt::SortOrder order : {Qt::AscendingOrder, Qt::DescendingOrder}) {
                const QByteArray what = "catalog: sort by "
                                      + model->headerData(column, Qt::Horizontal).toString().toUtf8()
                                      + (order == Qt::AscendingOrder ? " ascending" : " descending");
                QVERIFY(timeToFirstRows(what.constData(), model, [&] { table->sortByColumn(column, order); }) >= 0);
                QCOMPARE(model->rowCount(), ProductTableModel::kPageSize);
            }
        }
        scrollToEnd("catalog: scroll to the end (Active, descending)", model, table);
        table->sortByColumn(ProductTableModel::NameColumn, Qt::AscendingOrder);
        QTRY_VERIFY_WITH_TIMEOUT(!model->isLoading(), kTimeoutMs);

        QVERIFY(timeToFirstRows("catalog: search \"oak lamp\"", model,
                                [&] { model->setSearchText(QStringLiteral("oak lamp")); }) >= 0);
        QVERIFY(model->rowCount() > 0);
        QVERIFY(model->productAt(0)->name.contains(QStringLiteral("oak lamp"), Qt::CaseInsensitive));
        QVERIFY(timeToFirstRows("catalog: search one SKU", model,
                                [&] { model->setSearchText(QStringLiteral("GGUI-00054321")); }) >= 0);
        QCOMPARE(model->rowCount(), 1);
        QVERIFY(timeToFirstRows("catalog: search \"lamp\"", model,
                                [&] { model->setSearchText(QStringLiteral("lamp")); }) >= 0);
        scrollToEnd("catalog: scroll to the end of \"lamp\"", model, table);
        QVERIFY(timeToFirstRows("catalog: search cleared", model, [&] { model->setSearchText(QString()); }) >= 0);

        auto *activeFilter = view->findChild<QComboBox *>(QStringLiteral("activeFilter"));
        QVERIFY(timeToFirstRows("catalog: filter all products", model, [&] { activeFilter->setCurrentIndex(2); }) >= 0);
        QCOMPARE(model->totalCount(), kProducts);
        QVERIFY(timeToFirstRows("catalog: filter inactive products", model,
                                [&] { activeFilter->setCurrentIndex(1); }) >= 0);
        QVERIFY(timeToFirstRows("catalog: filter active products", model,
                                [&] { activeFilter->setCurrentIndex(0); }) >= 0);
        auto *categories = view->findChild<QListWidget *>(QStringLiteral("categories"));
        QTRY_VERIFY_WITH_TIMEOUT(categories->count() > DemoCatalogGenerator::kCategories, kTimeoutMs);
        QVERIFY(timeToFirstRows("catalog: filter one category", model, [&] { categories->setCurrentRow(5); }) >= 0);
        QVERIFY(model->totalCount() > 0 && model->totalCount() < active);
        scrollToEnd("catalog: scroll to the end of one category", model, table);
        QVERIFY2(m_watch->longestGapMs() < kLongestGapMs,
                 qPrintable(QStringLiteral("longest event loop gap %1 ms").arg(m_watch->longestGapMs())));
    }

    void ordersAtScale()
    {
        OrdersView *view = m_window->ordersView();
        OrderTableModel *model = view->orderModel();
        QTableView *table = view->orderTable();
        QVERIFY(timeToFirstRows("orders: reload", model, [&] { model->setSearchText(QString()); }) >= 0);
        QCOMPARE(model->totalCount(), kOrders);
        scrollToEnd("orders: scroll to the end", model, table);
        for (int row = 1; row < model->rowCount(); ++row)
            QVERIFY(model->orderAt(row - 1)->createdAt >= model->orderAt(row)->createdAt);
        // the timer's refresh re-reads the top of the list only, and keeps the rest
        {
            QSignalSpy refreshed(model, &PagedTableModelBase::pageLoaded);
            QElapsedTimer clock;
            clock.start();
            model->refresh();
            QVERIFY(refreshed.wait(kTimeoutMs));
            qInfo("%-44s %lld ms", "orders: refresh at the end of the list", static_cast<long long>(clock.elapsed()));
            QCOMPARE(model->rowCount(), kOrders);
        }

        auto *status = view->findChild<QComboBox *>(QStringLiteral("orderStatusFilter"));
        for (int index = 1; index < status->count(); ++index) {
            const QByteArray what = "orders: filter " + status->itemText(index).toUtf8();
            QVERIFY(timeToFirstRows(what.constData(), model, [&] { status->setCurrentIndex(index); }) >= 0);
        }
        status->setCurrentIndex(0);
        QTRY_VERIFY_WITH_TIMEOUT(!model->isLoading(), kTimeoutMs);
        const QString email = model->orderAt(0)->customer.email;
        const QString number = model->orderAt(0)->orderNumber;
        QVERIFY(timeToFirstRows("orders: search a customer e-mail", model, [&] { model->setSearchText(email); }) >= 0);
        QVERIFY(model->rowCount() > 0);
        QVERIFY(timeToFirstRows("orders: search an order number", model, [&] { model->setSearchText(number); }) >= 0);
        QCOMPARE(model->rowCount(), 1);
        QVERIFY2(m_watch->longestGapMs() < kLongestGapMs,
                 qPrintable(QStringLiteral("longest event loop gap %1 ms").arg(m_watch->longestGapMs())));
        qInfo("longest event loop gap: %lld ms", static_cast<long long>(m_watch->longestGapMs()));
    }
};

QTEST_MAIN(ManagerScaleTest)
#include "tst_managerscale.moc"
