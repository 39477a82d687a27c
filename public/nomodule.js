// Only browsers too old for ES modules run this.
var m = document.getElementById('boot-msg');
if (m) { m.textContent = '当前浏览器版本过旧，无法打开本系统。请使用新版 Chrome、Safari、Edge 或手机系统浏览器。'; m.parentNode.className += ' boot-failed'; }
