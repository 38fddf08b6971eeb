// Mounts GraphiQL 3 on #graphiql. The page loads the vendored UMD builds
// first, which define the globals React, ReactDOM and GraphiQL.
(function () {
  "use strict";

  var root = document.getElementById("graphiql");
  var fetcher = GraphiQL.createFetcher({
    url: root.dataset.endpoint,
    // Error pages of the server are JSON, not HTML, for such clients.
    headers: { Accept: "application/json" },
    // The server responds to every request with one JSON body, never multipart.
    enableIncrementalDelivery: false,
  });

  ReactDOM.createRoot(root).render(
    React.createElement(GraphiQL, {
      fetcher: fetcher,
      defaultQuery: root.dataset.defaultQuery,
      // Keeps the explorer's tabs apart from other GraphiQL instances
      // served from the same origin.
      storage: GraphiQL.createLocalStorage({ namespace: "partnergraph" }),
    })
  );
})();
