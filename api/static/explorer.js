// Mounts GraphiQL 3 on #graphiql. The page loads the vendored UMD builds
// first, which define the globals React, ReactDOM and GraphiQL.
(function () {
  "use strict";

  var root = document.getElementById("graphiql");
  // The server accepts the session cookie on /graphql only together with
  // this header, which a page on another site cannot read or send.
  var csrfToken = document.querySelector('meta[name="csrf-token"]').content;
  var fetcher = GraphiQL.createFetcher({
    url: root.dataset.endpoint,
    headers: {
      // Error pages of the server are JSON, not HTML, for such clients.
      Accept: "application/json",
      "X-CSRF-Token": csrfToken,
    },
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
